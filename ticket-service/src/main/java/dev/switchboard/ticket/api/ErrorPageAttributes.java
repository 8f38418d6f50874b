package dev.switchboard.ticket.api;

import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;

import dev.switchboard.ticket.errors.ErrorBody;

/**
 * The body of Spring Boot's error page ({@code /error}), which answers what never reached a controller: an exception
 * thrown by a servlet filter, a filter's or the container's {@code sendError}. The same shape as {@link ApiErrors}
 * (and an unexpected error logged with a correlation id the same way), instead of Boot's
 * {@code {timestamp, status, error, path}}.
 */
@Component
class ErrorPageAttributes extends DefaultErrorAttributes {

    private static final Logger log = LoggerFactory.getLogger(ErrorPageAttributes.class);

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> boot = super.getErrorAttributes(request, ErrorAttributeOptions.defaults());
        HttpStatus status = HttpStatus.resolve(boot.get("status") instanceof Integer code ? code : 500);
        if (status == null || status.value() == 500) {
            String correlationId = UUID.randomUUID().toString();
            log.error("unexpected error {} answering {}", correlationId, boot.get("path"), getError(request));
            return ErrorBody.of("internal_error",
                    "an unexpected error occurred; it is logged with the correlation id " + correlationId);
        }
        String message = status == HttpStatus.NOT_FOUND
                ? "no route " + ((ServletWebRequest) request).getRequest().getMethod() + " " + boot.get("path")
                : status.getReasonPhrase();
        return ErrorBody.of(ErrorBody.code(status), message);
    }
}
