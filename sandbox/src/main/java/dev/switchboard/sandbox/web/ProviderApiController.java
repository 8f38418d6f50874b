package dev.switchboard.sandbox.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.sandbox.graph.GraphApi;
import dev.switchboard.sandbox.twilio.TwilioApi;

/** The fake provider APIs: Meta's Graph API send endpoint and Twilio's Messages API. */
@RestController
public class ProviderApiController {

    private final GraphApi graph;
    private final TwilioApi twilio;

    public ProviderApiController(GraphApi graph, TwilioApi twilio) {
        this.graph = graph;
        this.twilio = twilio;
    }

    /** {@code POST /v23.0/100200300400500/messages}: any Graph API version. */
    @PostMapping("/{version:v[0-9]+\\.[0-9]+}/{phoneNumberId}/messages")
    public ResponseEntity<String> graphSend(@PathVariable String phoneNumberId,
                                            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                            String authorization,
                                            @RequestBody(required = false) byte[] body) {
        return graph.send(phoneNumberId, authorization, body).toResponse();
    }

    @PostMapping("/2010-04-01/Accounts/{accountSid}/Messages.json")
    public ResponseEntity<String> twilioSend(@PathVariable String accountSid,
                                             @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                             String authorization,
                                             @RequestParam MultiValueMap<String, String> form) {
        Map<String, List<String>> params = new LinkedHashMap<>(form);
        return twilio.send(accountSid, authorization, params).toResponse();
    }
}
