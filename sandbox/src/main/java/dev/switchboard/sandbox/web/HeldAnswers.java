package dev.switchboard.sandbox.web;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

import dev.switchboard.sandbox.Answer;

/**
 * Gives a send's {@link Answer} through Spring MVC's asynchronous requests, so that one held by a {@code delayMillis}
 * fault (a provider that answers late) keeps no servlet thread while it waits: Tomcat has 32 here, and a timeout
 * fault on a busy run holds hundreds of sends at once. An answer without delay is given at once.
 */
@Component
class HeldAnswers {

    /** Added to the delay for the request's own async timeout, so that it never cuts a delay short. */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final ScheduledExecutorService scheduler;

    HeldAnswers(ScheduledExecutorService webhookScheduler) {
        this.scheduler = webhookScheduler;
    }

    DeferredResult<ResponseEntity<String>> give(Answer answer) {
        if (answer.delay().isZero()) {
            DeferredResult<ResponseEntity<String>> now = new DeferredResult<>();
            now.setResult(answer.toResponse());
            return now;
        }
        DeferredResult<ResponseEntity<String>> later = new DeferredResult<>(answer.delay().plus(MARGIN).toMillis());
        scheduler.schedule(() -> later.setResult(answer.toResponse()), answer.delay().toMillis(),
                TimeUnit.MILLISECONDS);
        return later;
    }
}
