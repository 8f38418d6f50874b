package dev.switchboard.ticket.api;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

import dev.switchboard.ticket.content.FieldProblem;
import dev.switchboard.ticket.errors.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;

/**
 * The error answers no controller gives itself, in the one shape of {@link ErrorBody}: a malformed body, parameter or
 * upload (400 {@code invalid_request}), no such route (404 {@code not_found}), 405, 406, 415, 413, and anything
 * unexpected (500 {@code internal_error}: logged with a correlation id that the answer names; no stack trace, no
 * exception message in the body). Spring's {@link ResponseEntityExceptionHandler} decides the status of its own
 * exceptions (and the {@code Allow} and {@code Accept} headers); only the body is ours. A controller's own
 * {@code @ExceptionHandler} (the agent API's refusals) comes first.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        if (committed(request)) {
            log.warn("response already committed, not answering {}", ex.toString());
            return null;
        }
        return answer(status, headers, body(ex, body, status, request));
    }

    private static Map<String, Object> body(Exception ex, Object problem, HttpStatusCode status, WebRequest request) {
        if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
            HttpServletRequest servlet = ((ServletWebRequest) request).getRequest();
            return ErrorBody.of("not_found", "no route " + servlet.getMethod() + " " + servlet.getRequestURI());
        }
        if (ex instanceof HttpMessageNotReadableException e) {
            return ErrorBody.of("invalid_request", "the request body is missing or is not valid JSON",
                    List.of(new FieldProblem("body", unreadable(e))));
        }
        if (ex instanceof TypeMismatchException e) {
            return ErrorBody.of("invalid_request", "a parameter has a value of the wrong type",
                    List.of(new FieldProblem(e.getPropertyName(), "not a valid " + typeName(e.getRequiredType()))));
        }
        if (ex instanceof MissingServletRequestParameterException e) {
            return ErrorBody.of("invalid_request", "a required parameter is missing",
                    List.of(new FieldProblem(e.getParameterName(), "required")));
        }
        if (ex instanceof MissingServletRequestPartException e) {
            return ErrorBody.of("invalid_request", "a required part of the multipart request is missing",
                    List.of(new FieldProblem(e.getRequestPartName(), "required")));
        }
        if (ex instanceof MaxUploadSizeExceededException) {
            return ErrorBody.of(ErrorBody.code(status),
                    "the upload is larger than this server accepts (the limits are in ticket-service's README)");
        }
        // Spring's own sentence for the rest ("Supported methods: [GET]", "Content-Type 'text/plain' is not supported")
        String detail = problem instanceof ProblemDetail p && p.getDetail() != null ? p.getDetail() : reason(status);
        return ErrorBody.of(ErrorBody.code(status), detail);
    }

    /** A multipart request that cannot be read (cut short, no boundary): the client's fault, unlike other errors. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> unreadableMultipart(MultipartException e) {
        return answer(HttpStatus.BAD_REQUEST, new HttpHeaders(),
                ErrorBody.of("invalid_request", "the multipart request cannot be read"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest webRequest) {
        HttpServletRequest request = ((ServletWebRequest) webRequest).getRequest();
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            // the client went away (a download cancelled): nobody to answer, nothing to fix
            log.debug("client disconnected during {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            return null;
        }
        String correlationId = UUID.randomUUID().toString();
        log.error("unexpected error {} answering {} {}", correlationId, request.getMethod(), request.getRequestURI(), e);
        if (committed(webRequest)) {
            return null; // a download failed midway: the client sees the connection end early
        }
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, new HttpHeaders(), ErrorBody.of("internal_error",
                "an unexpected error occurred; it is logged with the correlation id " + correlationId));
    }

    /**
     * JSON whatever the request accepts: the Content-Type set here skips content negotiation, which would otherwise
     * answer a 406 (or a request for XML) with no body at all.
     */
    private static ResponseEntity<Object> answer(HttpStatusCode status, HttpHeaders headers, Map<String, Object> body) {
        HttpHeaders json = new HttpHeaders();
        json.putAll(headers);
        json.setContentType(MediaType.APPLICATION_JSON);
        return new ResponseEntity<>(body, json, status);
    }

    private static boolean committed(WebRequest request) {
        HttpServletResponse response = ((ServletWebRequest) request).getResponse();
        return response != null && response.isCommitted();
    }

    private static String unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof JacksonException jackson && jackson.getOriginalMessage() != null) {
            var at = jackson.getLocation();
            return at == null || at.getLineNr() < 1 ? jackson.getOriginalMessage()
                    : jackson.getOriginalMessage() + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        }
        return "missing or unreadable";
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
            return "integer";
        }
        return type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static String reason(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "HTTP " + status.value() : known.getReasonPhrase();
    }
}
