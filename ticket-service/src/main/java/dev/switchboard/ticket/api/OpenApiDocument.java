package dev.switchboard.ticket.api;

import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.switchboard.ticket.errors.ErrorBody;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import tools.jackson.databind.JsonNode;

/**
 * The agent API's OpenAPI document ({@code /api/openapi.json}, springdoc; which paths: application.yml): what the
 * controllers say, plus what they cannot: the bearer token, and the error answers every route may give, in the one
 * shape of {@link ErrorBody} (schema {@code Error}). A route's own codes (202, 409, 422, …) are its annotations'.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

    private static final String ERROR = ErrorBody.SCHEMA.substring(ErrorBody.SCHEMA.lastIndexOf('/') + 1);
    private static final String BEARER = "bearer";

    static {
        // Jackson 3's JsonNode is any JSON (springdoc would describe its getters); a streamed body is a file.
        SpringDocUtils.getConfig()
                .replaceWithSchema(JsonNode.class, new ObjectSchema().description("JSON"))
                .replaceWithSchema(StreamingResponseBody.class, new StringSchema().format("binary"));
    }

    @Bean
    OpenAPI agentApi() {
        return new OpenAPI()
                .info(new Info().title("Switchboard agent API").version("1")
                        .description("Tickets, replies, files and templates for agents and integrations: "
                                + "docs/public-surface.md and ticket-service/README.md."))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** The error answers any route may give, added where its annotations do not already say them. */
    @Bean
    OpenApiCustomizer errorAnswers() {
        // added here, not with the components above: springdoc drops schemas nothing refers to before customizers run
        return openApi -> {
            openApi.getComponents().addSchemas(ERROR, errorSchema());
            openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> errors(path, operation)));
        };
    }

    private static void errors(String path, Operation operation) {
        boolean body = operation.getRequestBody() != null;
        error(operation, "401", "unauthorized: no valid bearer token");
        if (answersJson(operation)) {
            error(operation, "406", "not_acceptable: the request accepts no JSON");
        }
        error(operation, "500", "internal_error: logged with the correlation id the message names");
        if (body || operation.getParameters() != null && !operation.getParameters().isEmpty()) {
            error(operation, "400", "invalid_request: a malformed body or parameter, see details");
        }
        if (path.contains("{")) {
            error(operation, "404", "not_found");
        }
        if (body) {
            error(operation, "415", "unsupported_media_type");
        }
        if (body && operation.getRequestBody().getContent() != null
                && operation.getRequestBody().getContent().containsKey("multipart/form-data")) {
            error(operation, "413", "content_too_large: a file or the request beyond the upload limits");
        }
    }

    /** Whether the route answers JSON (and so refuses a request that accepts only something else); files do not. */
    private static boolean answersJson(Operation operation) {
        return operation.getResponses().entrySet().stream().anyMatch(response -> response.getKey().startsWith("2")
                && response.getValue().getContent() != null
                && response.getValue().getContent().containsKey("application/json"));
    }

    private static void error(Operation operation, String status, String description) {
        if (operation.getResponses().get(status) == null) {
            operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                    .content(new Content().addMediaType("application/json",
                            new MediaType().schema(new Schema<>().$ref(ErrorBody.SCHEMA)))));
        }
    }

    private static Schema<?> errorSchema() {
        Schema<?> detail = new ObjectSchema()
                .addProperty("field", new StringSchema())
                .addProperty("problem", new StringSchema());
        return new ObjectSchema()
                .description("Every error answer: a snake_case code, a sentence for a human, and the fields at fault")
                .addProperty("error", new StringSchema().example("invalid_request"))
                .addProperty("message", new StringSchema())
                .addProperty("details", new ArraySchema().items(detail))
                .required(List.of("error", "message"));
    }
}
