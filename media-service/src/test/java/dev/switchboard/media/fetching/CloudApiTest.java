package dev.switchboard.media.fetching;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

/** Where media is looked up and downloaded: Graph as Meta says; 360dialog through its base URL, path prefix kept. */
class CloudApiTest {

    private static final String LOOKASIDE =
            "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1087&ext=1765000000&hash=ATuX%2Fz";

    @Test
    void graphLooksUpByVersionAndDownloadsFromTheUrlItGives() {
        CloudApi graph = CloudApi.graph(URI.create("https://graph.facebook.com/"), "v23.0", "token");

        assertThat(graph.lookup("1087")).isEqualTo(URI.create("https://graph.facebook.com/v23.0/1087"));
        assertThat(graph.download(LOOKASIDE)).isEqualTo(URI.create(LOOKASIDE));
        assertThat(graph.credential()).isEqualTo(new Credential("Authorization", "Bearer token"));
    }

    @Test
    void dialog360DownloadsThroughItsBaseUrlKeepingItsPathAndTheQuery() {
        CloudApi d360 = CloudApi.dialog360(URI.create("http://localhost:8090/360dialog/"), "s3cr3t");

        assertThat(d360.lookup("1087")).isEqualTo(URI.create("http://localhost:8090/360dialog/1087"));
        assertThat(d360.download(LOOKASIDE)).isEqualTo(URI.create(
                "http://localhost:8090/360dialog/whatsapp_business/attachments/?mid=1087&ext=1765000000&hash=ATuX%2Fz"));
        assertThat(CloudApi.dialog360(URI.create("https://waba-v2.360dialog.io"), "key").download(LOOKASIDE))
                .isEqualTo(URI.create("https://waba-v2.360dialog.io/whatsapp_business/attachments/?mid=1087"
                        + "&ext=1765000000&hash=ATuX%2Fz"));
        assertThat(d360.credential()).isEqualTo(new Credential("D360-API-KEY", "s3cr3t"));
        assertThat(d360.credential().toString()).doesNotContain("s3cr3t");
    }
}
