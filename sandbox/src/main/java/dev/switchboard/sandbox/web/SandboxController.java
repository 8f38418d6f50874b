package dev.switchboard.sandbox.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.sandbox.customer.CustomerMessage;
import dev.switchboard.sandbox.customer.CustomerSimulator;
import dev.switchboard.sandbox.fault.Fault;
import dev.switchboard.sandbox.fault.FaultRequest;
import dev.switchboard.sandbox.fault.Faults;
import dev.switchboard.sandbox.record.MessageLog;
import dev.switchboard.sandbox.record.RecordedMessage;

/** The sandbox's own API: the customer simulator, faults and the record of what was received. */
@RestController
@RequestMapping("/sandbox")
public class SandboxController {

    private final CustomerSimulator customers;
    private final Faults faults;
    private final MessageLog log;

    public SandboxController(CustomerSimulator customers, Faults faults, MessageLog log) {
        this.customers = customers;
        this.faults = faults;
        this.log = log;
    }

    /** 200 when ingress took it (2xx), 502 with the same body when it did not. */
    @PostMapping("/customers/messages")
    public ResponseEntity<CustomerSimulator.Sent> customerMessage(@RequestBody CustomerMessage message) {
        CustomerSimulator.Sent sent = customers.send(message);
        boolean taken = sent.ingressStatus() >= 200 && sent.ingressStatus() < 300;
        return ResponseEntity.status(taken ? HttpStatus.OK : HttpStatus.BAD_GATEWAY).body(sent);
    }

    @PostMapping("/faults")
    public ResponseEntity<Fault> addFault(@RequestBody FaultRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(faults.add(request));
    }

    @GetMapping("/faults")
    public Map<String, List<Fault>> faults() {
        return Map.of("items", faults.list());
    }

    @DeleteMapping("/faults")
    public ResponseEntity<Void> clearFaults() {
        faults.clear();
        return ResponseEntity.noContent().build();
    }

    /** Everything received, newest last; {@code ?to=} only what was sent to one customer. */
    @GetMapping("/messages")
    public Map<String, List<RecordedMessage>> messages(@RequestParam(required = false) String to) {
        return Map.of("items", to == null || to.isBlank() ? log.all() : log.to(to));
    }

    @DeleteMapping("/messages")
    public ResponseEntity<Void> clearMessages() {
        log.clear();
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
