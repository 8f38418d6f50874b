package dev.switchboard.sandbox.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

import dev.switchboard.sandbox.Answer;
import dev.switchboard.sandbox.graph.GraphError;
import dev.switchboard.sandbox.graph.GraphErrors;
import tools.jackson.databind.json.JsonMapper;

/**
 * A multipart request beyond {@code spring.servlet.multipart.max-request-size} is refused before any controller
 * sees it: answered as the Graph API would on its upload endpoint, plainly elsewhere.
 */
@RestControllerAdvice
class UploadLimits {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<?> tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
        if (request.getRequestURI().matches("/v[0-9]+\\.[0-9]+/[^/]+/media")) {
            GraphError error = GraphErrors.invalidParameter("File Too Large: the request is larger than the sandbox"
                    + " takes (" + e.getMaxUploadSize() + " bytes)");
            return Answer.json(error.httpStatus(), JsonMapper.shared().writeValueAsString(error.toJson())).toResponse();
        }
        return ResponseEntity.status(413).body(Map.of("error", "the request is larger than the sandbox takes ("
                + e.getMaxUploadSize() + " bytes; spring.servlet.multipart.max-request-size)"));
    }
}
