package dev.switchboard.ticket.access;

import static dev.switchboard.ticket.access.SignInTest.createAgent;
import static dev.switchboard.ticket.access.SignInTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;

/**
 * Single sign-on: a JWT signed by the configured provider's keys (a JWK set served over HTTP here) whose
 * preferred_username names an enabled agent is that agent; any other JWT is refused like an unknown token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class SingleSignOnTest {

    private static final String ISSUER = "https://id.example.test/realms/helpdesk";
    private static final RSAKey KEY = rsaKey("provider-key");
    private static final HttpServer KEYS = jwkServer();

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("switchboard.console.oidc.jwk-set-uri",
                () -> "http://localhost:" + KEYS.getAddress().getPort() + "/keys");
        registry.add("switchboard.console.oidc.issuer-uri", () -> ISSUER);
    }

    @AfterAll
    static void stopKeys() {
        KEYS.stop(0);
    }

    @Test
    void aJwtOfTheProviderNamingAnEnabledAgentIsThatAgent() {
        String login = unique("sso-");
        long id = createAgent(port, login, "agent", "Support").path("id").asLong();

        Browser agent = Browser.withToken(port, jwt(KEY, ISSUER, login.toUpperCase(), Instant.now().plusSeconds(300)));
        Browser.Answer me = agent.get("/api/me");
        assertThat(me.status()).as(me.text()).isEqualTo(200);
        assertThat(me.json().path("id").asLong()).isEqualTo(id);
        assertThat(me.json().path("groups").toString()).isEqualTo("[\"Support\"]");
        assertThat(agent.get("/api/admin/agents").status()).isEqualTo(403);
    }

    @Test
    void everyOtherJwtIsRefused() {
        String login = unique("sso-");
        createAgent(port, login, "agent");
        Instant later = Instant.now().plusSeconds(300);

        assertThat(status(jwt(KEY, ISSUER, unique("nobody-"), later))).as("no such agent").isEqualTo(401);
        assertThat(status(jwt(rsaKey("provider-key"), ISSUER, login, later))).as("another key").isEqualTo(401);
        assertThat(status(jwt(KEY, "https://evil.example.test", login, later))).as("another issuer").isEqualTo(401);
        assertThat(status(jwt(KEY, ISSUER, login, Instant.now().minusSeconds(600)))).as("expired").isEqualTo(401);
        // API tokens still work next to it
        assertThat(status(SignInTest.STATIC_TOKEN)).isEqualTo(200);
    }

    private int status(String token) {
        return Browser.withToken(port, token).get("/api/me").status();
    }

    private static String jwt(RSAKey key, String issuer, String login, Instant expires) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    new JWTClaimsSet.Builder().issuer(issuer).subject("user-" + login).claim("preferred_username", login)
                            .issueTime(Date.from(expires.minusSeconds(900))).expirationTime(Date.from(expires)).build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsaKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer jwkServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            byte[] keys = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/keys", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, keys.length);
                exchange.getResponseBody().write(keys);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
