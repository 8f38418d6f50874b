package dev.switchboard.ingress.meta;

import static dev.switchboard.ingress.meta.Json.text;
import static dev.switchboard.ingress.meta.Json.wholeNumber;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.AccountEventType;
import dev.switchboard.events.CapabilityChange;
import dev.switchboard.events.NumberQualityChange;
import dev.switchboard.events.Provider;
import dev.switchboard.events.TemplateStatusChange;
import dev.switchboard.ingress.webhook.WebhookSource;
import tools.jackson.databind.JsonNode;

/**
 * The account-level changes of a Cloud API webhook (every field but {@code messages} and {@code smb_message_echoes}) as
 * {@link AccountEvent}s: template status, number quality and limits, business capability typed, every other field
 * (account_update, account_alerts, user_preferences, …) as OTHER. Each carries the change's value as JSON, for what is
 * not mapped.
 */
final class AccountChanges {

    static final String TEMPLATE_STATUS = "message_template_status_update";
    static final String NUMBER_QUALITY = "phone_number_quality_update";
    static final String BUSINESS_CAPABILITY = "business_capability_update";

    private AccountChanges() {
    }

    /**
     * @param accountId  entry.id: the WhatsApp Business Account
     * @param occurredAt entry.time, if Meta sent it
     * @param problems   where a typed field that lacks what its type requires is reported (it becomes OTHER)
     */
    static AccountEvent event(Provider provider, WebhookSource source, String accountId, Instant occurredAt,
                              String field, JsonNode value, List<String> problems) {
        AccountEvent.Builder event = AccountEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setProvider(provider)
                .setChannelId(source.channelId())
                .setBusinessAccountId(accountId)
                .setType(AccountEventType.OTHER)
                .setField(field)
                .setValueJson(value.isMissingNode() ? null : value.toString())
                .setOccurredAt(occurredAt != null ? occurredAt : source.receivedAt())
                .setReceivedAt(source.receivedAt())
                .setRawWebhookId(source.rawWebhookId());
        switch (field) {
            case TEMPLATE_STATUS -> {
                String name = text(value, "message_template_name");
                String status = text(value, "event");
                if (name == null || status == null) {
                    problems.add(field + " without message_template_name or event: published as OTHER");
                } else {
                    event.setType(AccountEventType.TEMPLATE_STATUS).setTemplate(TemplateStatusChange.newBuilder()
                            .setTemplateId(text(value, "message_template_id"))
                            .setName(name)
                            .setLanguage(text(value, "message_template_language"))
                            .setEvent(status)
                            .setReason(text(value, "reason"))
                            .build());
                }
            }
            case NUMBER_QUALITY -> {
                String change = text(value, "event");
                if (change == null) {
                    problems.add(field + " without event: published as OTHER");
                } else {
                    event.setType(AccountEventType.NUMBER_QUALITY).setNumberQuality(NumberQualityChange.newBuilder()
                            .setDisplayPhoneNumber(text(value, "display_phone_number"))
                            .setEvent(change)
                            .setCurrentLimit(text(value, "current_limit"))
                            .setOldLimit(text(value, "old_limit"))
                            .setMaxDailyConversationsPerBusiness(text(value, "max_daily_conversations_per_business"))
                            .build());
                }
            }
            case BUSINESS_CAPABILITY -> event.setType(AccountEventType.BUSINESS_CAPABILITY)
                    .setCapability(CapabilityChange.newBuilder()
                            .setMaxDailyConversationPerPhone(wholeNumber(value, "max_daily_conversation_per_phone"))
                            .setMaxPhoneNumbersPerBusiness(wholeNumber(value, "max_phone_numbers_per_business"))
                            .setMaxPhoneNumbersPerWaba(wholeNumber(value, "max_phone_numbers_per_waba"))
                            .setMaxDailyConversationsPerBusiness(text(value, "max_daily_conversations_per_business"))
                            .build());
            default -> {
                // account_update, account_alerts, user_preferences, …: OTHER, the value as JSON
            }
        }
        return event.build();
    }
}
