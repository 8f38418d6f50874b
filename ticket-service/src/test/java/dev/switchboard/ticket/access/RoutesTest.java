package dev.switchboard.ticket.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;

/**
 * No route without a caller: every handler the application registers and every file of the console, called without
 * a session or a token, answers 401 (the API and everything else) or sends to the login page (the console), except
 * the public routes listed here. A new route is covered the day it is added; a new public one fails this test until
 * it is listed here (and in access.SecurityConfig).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class RoutesTest {

    /** What anyone may reach (README "Agents, sign-in and tokens"). */
    private static final Set<String> PUBLIC = Set.of("GET /console/login", "GET /console/login.css",
            "GET /console/login.js", "GET /console/favicon.svg", "POST /login", "GET /actuator/health",
            "GET /actuator/health/liveness", "GET /actuator/health/readiness", "GET /actuator/info",
            "GET /actuator/prometheus");

    @Value("${local.server.port}")
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    record Route(String method, String path) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @Test
    void everyRegisteredRouteNeedsACaller() {
        Set<Route> routes = new java.util.LinkedHashSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> info.getPatternValues().forEach(pattern -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                routes.add(new Route(method.name(), pattern.replaceAll("\\{[^}]+}", "1").replace("/**", "/x")));
            }
        }));
        assertThat(routes).as("the agent API, the admin API and /api/me are registered")
                .contains(new Route("GET", "/api/tickets"), new Route("GET", "/api/admin/channels"),
                        new Route("POST", "/api/admin/agents"), new Route("GET", "/api/me"));

        List<String> open = new ArrayList<>();
        for (Route route : routes) {
            if (!PUBLIC.contains(route.toString()) && !refused(route)) {
                open.add(route.toString());
            }
        }
        assertThat(open).as("routes that answer without a caller").isEmpty();
    }

    @Test
    void everyConsoleFileButTheLoginPagesNeedsASession() throws IOException {
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:static/**/*");
        List<String> open = new ArrayList<>();
        Set<String> checked = new TreeSet<>();
        for (Resource file : files) {
            String url = file.getURL().toString();
            if (!file.isReadable() || url.endsWith("/")) {
                continue;
            }
            String path = url.substring(url.lastIndexOf("/static/") + "/static".length());
            checked.add(path);
            Route route = new Route("GET", path);
            if (!PUBLIC.contains(route.toString()) && !refused(route)) {
                open.add(route.toString());
            }
        }
        // with or without files in static/, these answer no one without a caller
        for (String path : List.of("/console/", "/console", "/console/index.html", "/console/app.js", "/", "/index.html",
                "/error", "/api/openapi.json", "/api/events", "/actuator", "/nowhere")) {
            if (!refused(new Route("GET", path))) {
                open.add("GET " + path);
            }
        }
        assertThat(open).as("files answered without a session (of %s)", checked).isEmpty();
    }

    @Test
    void thePublicRoutesAnswerWithoutACallerAndNoOtherActuatorEndpointIsExposed() {
        Browser nobody = Browser.anonymous(port);
        assertThat(nobody.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(nobody.get("/console/login").status()).isNotIn(401, 302, 403);
        // not exposed, so not there for anyone (an exposed one would need a caller, and fail here)
        for (String endpoint : List.of("env", "heapdump", "beans", "configprops", "loggers", "metrics", "mappings",
                "threaddump", "shutdown", "sessions")) {
            assertThat(nobody.get("/actuator/" + endpoint).status()).as(endpoint).isEqualTo(404);
            assertThat(Browser.withToken(port, SignInTest.STATIC_TOKEN).get("/actuator/" + endpoint).status())
                    .as(endpoint).isEqualTo(404);
        }
    }

    /** Whether the route, called without credentials, is refused: 401 JSON, or a redirect to the login page. */
    private boolean refused(Route route) {
        Browser nobody = Browser.anonymous(port);
        HttpRequest.Builder request = nobody.request(route.path()).method(route.method(),
                HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json");
        Browser.Answer answer = nobody.send(request);
        if (route.path().equals("/console") || route.path().startsWith("/console/")) {
            return answer.status() == 302
                    && answer.header("Location").orElse("").endsWith("/console/login");
        }
        return answer.status() == 401 && answer.json().path("error").asString("").equals("unauthorized");
    }
}
