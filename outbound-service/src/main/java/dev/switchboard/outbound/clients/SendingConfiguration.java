package dev.switchboard.outbound.clients;

import java.net.http.HttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.switchboard.outbound.media.MediaSettings;
import dev.switchboard.outbound.sending.CloudApiEndpoints;
import dev.switchboard.outbound.sending.GraphClient;
import dev.switchboard.outbound.sending.GraphMediaUploads;
import dev.switchboard.outbound.sending.TwilioClient;

/**
 * The provider clients as beans, sharing one {@link HttpClient} (connections pooled per host) built from
 * {@code switchboard.sending.*} ({@link SendingSettings}), each pointed at its provider's base URL
 * ({@link ProviderEndpoints}).
 */
@Configuration(proxyBeanMethods = false)
public class SendingConfiguration {

    private final SendingSettings settings;
    private final HttpClient http;

    public SendingConfiguration(SendingSettings settings) {
        this.settings = settings;
        this.http = settings.newHttpClient();
    }

    /** Meta's Graph API and 360dialog's Cloud API proxy: the same messages, answers and errors. */
    @Bean
    public GraphClient graphClient(ProviderEndpoints endpoints) {
        return new GraphClient(http, cloudApi(endpoints), settings.requestTimeout());
    }

    /**
     * Uploads of stored files to Meta or 360dialog, on the same HTTP client, with a timeout long enough for a 100 MB
     * file.
     */
    @Bean
    public GraphMediaUploads graphMediaUploads(ProviderEndpoints endpoints, MediaSettings media) {
        return new GraphMediaUploads(http, cloudApi(endpoints), media.uploadTimeout());
    }

    private static CloudApiEndpoints cloudApi(ProviderEndpoints endpoints) {
        return new CloudApiEndpoints(endpoints.graphBaseUrl(), endpoints.dialog360BaseUrl(), endpoints.graphVersion());
    }

    @Bean
    public TwilioClient twilioClient(ProviderEndpoints endpoints) {
        return new TwilioClient(http, endpoints.twilioBaseUrl(), settings.requestTimeout());
    }
}
