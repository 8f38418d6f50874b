package dev.switchboard.media.testing;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import dev.switchboard.store.testing.S3TestServer;

/**
 * The providers and the object store of the service's tests, once per test JVM: the Graph API and Twilio's API on
 * 127.0.0.1 ({@link #providers()}), Twilio's CDN reached as {@code localhost} ({@link #cdn()}: another origin), and
 * S3Mock ({@link S3TestServer}) with the bucket {@value #BUCKET}. Points the service at them; 360dialog's API is the
 * providers' stub under {@value #DIALOG360_PREFIX}.
 */
public final class TestProviders implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String BUCKET = "media-test";
    /** 360dialog lives under this path of the providers' stub, as it does in the sandbox. */
    public static final String DIALOG360_PREFIX = "/360dialog";

    private static ProviderStub providers;
    private static ProviderStub cdn;

    public static synchronized ProviderStub providers() {
        if (providers == null) {
            providers = new ProviderStub(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "127.0.0.1");
        }
        return providers;
    }

    public static synchronized ProviderStub cdn() {
        if (cdn == null) {
            cdn = new ProviderStub(new InetSocketAddress(0), "localhost");
        }
        return cdn;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Map<String, Object> properties = new HashMap<>(S3TestServer.properties(BUCKET));
        properties.put("switchboard.graph.base-url", providers().baseUrl());
        properties.put("switchboard.dialog360.base-url", providers().baseUrl() + DIALOG360_PREFIX);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("media-test-providers", properties));
    }
}
