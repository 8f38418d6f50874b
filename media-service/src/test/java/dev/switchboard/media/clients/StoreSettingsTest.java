package dev.switchboard.media.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.switchboard.store.MediaStoreProperties;

/**
 * application.yml maps SWITCHBOARD_MEDIA_STORE_ENDPOINT with an empty default: unset, it must mean AWS S3 itself
 * (no endpoint), not an invalid one.
 */
class StoreSettingsTest {

    @Test
    void anEmptyEndpointMeansAwsS3() {
        MediaStoreProperties store = new Binder(new MapConfigurationPropertySource(Map.of(
                "switchboard.media.store.endpoint", "",
                "switchboard.media.store.bucket", "switchboard-media",
                "switchboard.media.store.path-style", "false")))
                .bind("switchboard.media.store", MediaStoreProperties.class).get();

        assertThat(store.endpoint()).isNull();
        assertThat(store.problems()).isEmpty();
    }
}
