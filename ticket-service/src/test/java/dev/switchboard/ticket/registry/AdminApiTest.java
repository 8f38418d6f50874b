package dev.switchboard.ticket.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/** Who may use the admin API, and that its OpenAPI document and its routes are the same. */
class AdminApiTest extends RegistryTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Test
    void bothStaticTokensAreAdminsOfEveryRouteAndOthersAreNobody() {
        assertThat(call("GET", "/api/admin/channels", null, null).status()).isEqualTo(401);
        Answer wrong = call("GET", "/api/admin/channels", null, "some-other-token");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().path("error").asString()).isEqualTo("unauthorized");
        // the issue: "the demo token keeps working as an admin token"
        assertThat(call("GET", "/api/admin/channels", null, AGENT).status()).isEqualTo(200);
        assertThat(call("GET", "/api/admin/channels", null, ADMIN).status()).isEqualTo(200);

        assertThat(call("GET", "/api/tickets", null, ADMIN).status()).isEqualTo(200);
        assertThat(call("GET", "/api/tickets", null, AGENT).status()).isEqualTo(200);
        assertThat(call("GET", "/api/me", null, ADMIN).body().path("login").asString()).isEqualTo("admin");
        assertThat(call("GET", "/api/me", null, AGENT).body().path("role").asString()).isEqualTo("admin");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteOfTheOpenApiDocumentExistsAndEveryAdminRouteIsInIt() {
        Answer document = admin("GET", "/api/admin/openapi.yaml", null);
        assertThat(document.status()).isEqualTo(200);
        Map<String, Object> openApi = new Yaml().load(document.text());
        assertThat(openApi.get("openapi")).isEqualTo("3.1.0");
        Set<String> documented = new HashSet<>();
        ((Map<String, Map<String, Object>>) openApi.get("paths")).forEach((path, operations) -> operations.keySet().stream()
                .filter(method -> List.of("get", "post", "put", "patch", "delete").contains(method))
                .forEach(method -> documented.add(method.toUpperCase() + " " + path.replaceAll("\\{[^}]+}", "{}"))));

        Set<String> served = new HashSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> info.getPatternValues().stream()
                .filter(path -> path.startsWith("/api/admin/"))
                .forEach(path -> info.getMethodsCondition().getMethods().forEach(method ->
                        served.add(method.name() + " " + path.replaceAll("\\{[^}]+}", "{}")))));

        assertThat(served).isNotEmpty();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
    }
}
