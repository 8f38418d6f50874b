package dev.switchboard.outbound.clients;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the provider clients talk HTTP.
 *
 * @param requestTimeout {@code switchboard.sending.request-timeout}: the longest wait for the answer to one send
 *                       (default 10 s); past it the send is Unreachable and the provider may still deliver it
 * @param connectTimeout {@code switchboard.sending.connect-timeout}: the longest wait for a connection (default 5 s)
 * @param httpVersion    {@code switchboard.sending.http-version}: HTTP_1_1 (default) or HTTP_2. HTTP/1.1 because the
 *                       JDK client fails requests beyond the server's HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS
 *                       ("too many concurrent streams", JDK-8225647) instead of queuing or opening a connection,
 *                       and a channel may have hundreds of sends in flight
 */
@ConfigurationProperties("switchboard.sending")
public record SendingSettings(@DefaultValue("10s") Duration requestTimeout, @DefaultValue("5s") Duration connectTimeout,
                              @DefaultValue("HTTP_1_1") HttpClient.Version httpVersion) {

    public SendingSettings {
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("switchboard.sending.request-timeout must be positive, not " + requestTimeout);
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("switchboard.sending.connect-timeout must be positive, not " + connectTimeout);
        }
        if (httpVersion == null) {
            httpVersion = HttpClient.Version.HTTP_1_1;
        }
    }

    /** The defaults: 10 s per answer, 5 s to connect, HTTP/1.1. */
    public static SendingSettings defaults() {
        return new SendingSettings(Duration.ofSeconds(10), Duration.ofSeconds(5), HttpClient.Version.HTTP_1_1);
    }

    /** The one HTTP client both providers share (connections are pooled per host). */
    public HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(httpVersion)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
