package dev.switchboard.ticket.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.switchboard.events.AccountAlert;
import dev.switchboard.events.AccountEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meta's {@code account_alerts} (AccountEvent ACCOUNT_ALERT): nothing to change in the registry, but an operator
 * should see them. Each is logged (a structured line: channel, severity, type, entity, status, description) and
 * counted: {@code switchboard_account_alerts_total{channel, severity, type}}.
 */
@Component
class AccountAlerts {

    private static final Logger log = LoggerFactory.getLogger(AccountAlerts.class);

    private final MeterRegistry meters;

    AccountAlerts(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(AccountEvent event) {
        AccountAlert alert = event.getAlert();
        if (alert == null) {
            return;
        }
        String severity = orUnknown(alert.getSeverity());
        String type = orUnknown(alert.getAlertType());
        log.atLevel("CRITICAL".equalsIgnoreCase(severity) ? org.slf4j.event.Level.WARN : org.slf4j.event.Level.INFO)
                .addKeyValue("channel", event.getChannelId())
                .addKeyValue("severity", severity)
                .addKeyValue("alertType", type)
                .addKeyValue("entityType", alert.getEntityType())
                .addKeyValue("entityId", alert.getEntityId())
                .addKeyValue("status", alert.getStatus())
                .log("account alert on channel {}: {} {} ({} {}, status {}): {}", event.getChannelId(), severity, type,
                        alert.getEntityType(), alert.getEntityId(), alert.getStatus(), alert.getDescription());
        Counter.builder("switchboard.account.alerts").description("Meta account_alerts received, per channel")
                .tag("channel", event.getChannelId()).tag("severity", severity).tag("type", type)
                .register(meters).increment();
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
