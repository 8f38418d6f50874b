package dev.switchboard.sandbox.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.sandbox.SandboxSettings;
import dev.switchboard.sandbox.channel.Provider;
import dev.switchboard.sandbox.identity.CustomerIdentities;
import dev.switchboard.sandbox.record.RecordedMessage;
import dev.switchboard.sandbox.webhook.MessageIds;
import dev.switchboard.sandbox.webhook.MetaWebhooks;
import dev.switchboard.sandbox.webhook.TwilioWebhooks;
import dev.switchboard.sandbox.webhook.Webhook;
import dev.switchboard.sandbox.webhook.WebhookRoutes;
import dev.switchboard.sandbox.webhook.WebhookSender;
import tools.jackson.databind.node.ObjectNode;

/**
 * What happens to an accepted send: {@code sent}, {@code delivered}, then {@code read} (unless switched off), or a
 * single {@code failed} ({@code undelivered} on Twilio) with the error; each posted to ingress as the provider would,
 * one status per webhook, in order: a status is scheduled only once the previous one was delivered or given up.
 * A channel whose webhooks go nowhere yet (an account not subscribed, see {@link WebhookRoutes}) gets its statuses
 * recorded as not posted (no URL, no attempt), as Meta drops them.
 * <p>
 * Meta's statuses carry per-message pricing (PMP) as since October 2026: every delivered message is billable
 * ({@code type: regular}), a service message inside the window too, in the category it was sent as
 * ({@link AcceptedSend#category()}). A send to a BSUID names it in {@code recipient_user_id} (and the customer's phone
 * number in {@code recipient_id} when the channel knows it, as Meta's contact book does).
 */
public final class StatusSequence {

    private static final Logger log = LoggerFactory.getLogger(StatusSequence.class);

    /** Meta's error reference, as its status webhooks link it. */
    static final String ERROR_HREF = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/";

    private final SandboxSettings.Status delays;
    private final WebhookRoutes routes;
    private final WebhookSender sender;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final CustomerIdentities identities;
    /** Meta's conversations: one id per customer, channel and category for 24 hours. */
    private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();

    public StatusSequence(SandboxSettings settings, WebhookRoutes routes, WebhookSender sender,
                          ScheduledExecutorService scheduler, Clock clock, CustomerIdentities identities) {
        this.delays = settings.status();
        this.identities = identities;
        this.routes = routes;
        this.sender = sender;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    private record Conversation(String id, Instant expires) {
    }

    private record Step(String status, Duration after) {
    }

    public void start(AcceptedSend send) {
        List<Step> steps = new ArrayList<>();
        if (send.failure() != null) {
            steps.add(new Step(send.channel().provider() == Provider.META ? "failed" : "undelivered",
                    delays.sentAfter()));
        } else {
            steps.add(new Step("sent", delays.sentAfter()));
            steps.add(new Step("delivered", delays.deliveredAfter()));
            if (delays.read()) {
                steps.add(new Step("read", delays.readAfter()));
            }
        }
        next(send, steps, 0);
    }

    private void next(AcceptedSend send, List<Step> steps, int index) {
        if (index >= steps.size()) {
            return;
        }
        Step step = steps.get(index);
        scheduler.schedule(() -> post(send, steps, index), step.after().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void post(AcceptedSend send, List<Step> steps, int index) {
        String status = steps.get(index).status();
        Optional<Webhook> built;
        try {
            built = send.channel().provider() == Provider.META ? metaStatus(send, status) : twilioStatus(send, status);
        } catch (RuntimeException e) {
            log.error("status {} of {} not built", status, send.messageId(), e);
            return;
        }
        if (built.isEmpty()) {
            log.info("status {} of {} not posted: {}", status, send.messageId(), routes.whyNone(send.channel()));
            send.record().statuses().add(new RecordedMessage.SentStatus(status, clock.instant(), null,
                    send.failure() == null ? null : send.failure().code(), 0, 0, pricing(send)));
            next(send, steps, index + 1);
            return;
        }
        Webhook webhook = built.get();
        sender.send(webhook).outcome().thenAccept(outcome -> {
            send.record().statuses().add(new RecordedMessage.SentStatus(status, clock.instant(), webhook.url(),
                    send.failure() == null ? null : send.failure().code(), outcome.last().status(), outcome.attempts(),
                    pricing(send)));
            next(send, steps, index + 1);
        });
    }

    private Optional<Webhook> metaStatus(AcceptedSend send, String status) {
        Optional<WebhookRoutes.Route> route = routes.meta(send.channel());
        if (route.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        ObjectNode value = MetaWebhooks.value(send.channel(), send.sender());
        ObjectNode item = value.putArray("statuses").addObject();
        item.put("id", send.messageId());
        item.put("status", status);
        item.put("timestamp", MetaWebhooks.timestamp(now));
        if (CustomerIdentities.isPhone(send.recipient())) {
            item.put("recipient_id", send.recipient());
        } else {
            identities.phoneOf(send.channel().id(), send.recipient()).ifPresent(phone -> item.put("recipient_id", phone));
            item.put("recipient_user_id", send.recipient());
        }
        if (send.callbackData() != null) {
            item.put("biz_opaque_callback_data", send.callbackData());
        }
        if (send.failure() != null) {
            ObjectNode error = item.putArray("errors").addObject();
            error.put("code", send.failure().code());
            error.put("title", send.failure().title());
            error.put("message", send.failure().title());
            error.putObject("error_data").put("details", send.failure().details());
            error.put("href", ERROR_HREF);
        } else {
            RecordedMessage.Pricing priced = pricing(send);
            String category = priced.category();
            Conversation conversation = conversation(send, category, now);
            ObjectNode conv = item.putObject("conversation");
            conv.put("id", conversation.id());
            if (status.equals("sent")) {
                conv.put("expiration_timestamp", MetaWebhooks.timestamp(conversation.expires()));
            }
            conv.putObject("origin").put("type", category);
            ObjectNode pricing = item.putObject("pricing");
            pricing.put("billable", priced.billable());
            pricing.put("pricing_model", priced.model());
            pricing.put("category", category);
            pricing.put("type", priced.type());
        }
        return Optional.of(MetaWebhooks.webhook(route.get(), send.channel(), value,
                "status " + status + " of " + send.messageId() + " on " + send.channel().id()));
    }

    /** How Meta prices a send that reaches the customer; null for a failed one and for Twilio's (no pricing). */
    private static RecordedMessage.Pricing pricing(AcceptedSend send) {
        if (send.failure() != null || send.category() == null) {
            return null;
        }
        return new RecordedMessage.Pricing(true, "PMP", send.category(), "regular");
    }

    private Conversation conversation(AcceptedSend send, String category, Instant now) {
        return conversations.compute(send.channel().id() + "|" + send.recipient() + "|" + category,
                (key, existing) -> existing != null && existing.expires().isAfter(now) ? existing
                        : new Conversation(MessageIds.hex(16), now.plus(Duration.ofHours(24))));
    }

    private Optional<Webhook> twilioStatus(AcceptedSend send, String status) {
        if (send.statusCallback() == null) {
            return Optional.empty();
        }
        String to = "whatsapp:+" + send.recipient();
        List<Map.Entry<String, String>> form = new ArrayList<>();
        if (status.equals("delivered") || status.equals("read")) {
            form.add(Map.entry("EventType", status.toUpperCase(Locale.ROOT)));
        }
        if (send.failure() != null) {
            form.add(Map.entry("ErrorCode", Integer.toString(send.failure().code())));
        }
        form.add(Map.entry("SmsSid", send.messageId()));
        form.add(Map.entry("SmsStatus", status));
        form.add(Map.entry("MessageStatus", status));
        form.add(Map.entry("ChannelToAddress", "+" + send.recipient()));
        form.add(Map.entry("To", to));
        form.add(Map.entry("ChannelPrefix", "whatsapp"));
        form.add(Map.entry("MessageSid", send.messageId()));
        form.add(Map.entry("AccountSid", send.channel().twilio().accountSid()));
        form.add(Map.entry("StructuredMessage", "false"));
        form.add(Map.entry("From", send.sender()));
        form.add(Map.entry("ApiVersion", "2010-04-01"));
        form.add(Map.entry("ChannelInstallSid", "XE" + send.channel().twilio().accountSid().substring(2)));
        return Optional.of(TwilioWebhooks.webhook(send.statusCallback(), send.channel().twilio().authToken(), form,
                "status " + status + " of " + send.messageId() + " on " + send.channel().id()));
    }
}
