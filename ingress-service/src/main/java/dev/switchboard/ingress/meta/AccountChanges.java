package dev.switchboard.ingress.meta;

import static dev.switchboard.ingress.meta.Json.elements;
import static dev.switchboard.ingress.meta.Json.epochSeconds;
import static dev.switchboard.ingress.meta.Json.text;
import static dev.switchboard.ingress.meta.Json.wholeNumber;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.switchboard.events.AccountAlert;
import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.AccountEventType;
import dev.switchboard.events.CapabilityChange;
import dev.switchboard.events.Customer;
import dev.switchboard.events.NumberQualityChange;
import dev.switchboard.events.Provider;
import dev.switchboard.events.TemplateStatusChange;
import dev.switchboard.events.UserPreferenceChange;
import dev.switchboard.ingress.webhook.WebhookSource;
import tools.jackson.databind.JsonNode;

/**
 * The account-level changes of a Cloud API webhook (every field but {@code messages}, {@code smb_message_echoes} and
 * {@code calls}) as {@link AccountEvent}s: template status, number quality and limits, business capability, account
 * alerts and user preferences typed, every other field (account_update, standby, messaging_handovers, …) as OTHER.
 * Each carries the change's value as JSON, for what is not mapped.
 */
final class AccountChanges {

    static final String TEMPLATE_STATUS = "message_template_status_update";
    static final String NUMBER_QUALITY = "phone_number_quality_update";
    static final String BUSINESS_CAPABILITY = "business_capability_update";
    static final String ACCOUNT_ALERTS = "account_alerts";
    static final String USER_PREFERENCES = "user_preferences";

    private AccountChanges() {
    }

    /**
     * @param accountId  entry.id: the WhatsApp Business Account
     * @param occurredAt entry.time, if Meta sent it
     * @param problems   where a typed field that lacks what its type requires is reported (it becomes OTHER)
     */
    static AccountEvent event(Provider provider, WebhookSource source, String accountId, Instant occurredAt,
                              String field, JsonNode value, List<String> problems) {
        AccountEvent.Builder event = other(provider, source, accountId, occurredAt, field, value);
        typed(event, field, value, problems);
        return event.build();
    }

    /** An OTHER event of {@code field}: the change's value as JSON. */
    private static AccountEvent.Builder other(Provider provider, WebhookSource source, String accountId,
                                              Instant occurredAt, String field, JsonNode value) {
        return AccountEvent.newBuilder()
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
    }

    private static void typed(AccountEvent.Builder event, String field, JsonNode value, List<String> problems) {
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
            case ACCOUNT_ALERTS -> {
                JsonNode info = value.path("alert_info");
                if (!info.isObject()) {
                    problems.add(field + " without alert_info: published as OTHER");
                } else {
                    event.setType(AccountEventType.ACCOUNT_ALERT).setAlert(AccountAlert.newBuilder()
                            .setEntityType(text(value, "entity_type"))
                            .setEntityId(text(value, "entity_id"))
                            .setSeverity(text(info, "alert_severity"))
                            .setStatus(text(info, "alert_status"))
                            .setAlertType(text(info, "alert_type"))
                            .setDescription(text(info, "alert_description"))
                            .build());
                }
            }
            default -> {
                // account_update, standby, messaging_handovers, …: OTHER, the value as JSON
            }
        }
    }

    /**
     * A user_preferences change: one USER_PREFERENCE event per {@code user_preferences[]} element, for
     * {@code source}'s channel (the one of metadata.phone_number_id). The customer is the element's own ids, completed
     * from the contact with the same id (a lone contact only when the element names none: Meta's contacts need not be
     * the element's). An element without category, value or any id is reported; a change of which no element could be
     * typed is published as OTHER. Each event's {@code valueJson} is its element (the whole value is on the raw topic).
     */
    static List<AccountEvent> userPreferences(Provider provider, WebhookSource source, String accountId,
                                              Instant occurredAt, JsonNode value, List<String> problems) {
        String numberId = text(value.path("metadata"), "phone_number_id");
        List<JsonNode> contacts = elements(value.path("contacts"));
        List<AccountEvent> events = new ArrayList<>();
        for (JsonNode element : elements(value.path(USER_PREFERENCES))) {
            String waId = text(element, "wa_id");
            String userId = text(element, "user_id");
            Customer customer = MetaWebhookParser.customer(waId, userId, text(element, "parent_user_id"), contacts,
                    waId == null && userId == null);
            String category = text(element, "category");
            String choice = text(element, "value");
            if (category == null || choice == null
                    || (customer.getWaId() == null && customer.getUserId() == null && customer.getParentUserId() == null)) {
                problems.add(USER_PREFERENCES + " element without category, value or customer id: kept on the raw"
                        + " topic only");
                continue;
            }
            // Its own element, not the whole value: n elements carrying all n would grow quadratically (parser fuzz).
            events.add(other(provider, source, accountId, occurredAt, USER_PREFERENCES, element)
                    .setType(AccountEventType.USER_PREFERENCE)
                    .setUserPreference(UserPreferenceChange.newBuilder()
                            .setCustomer(customer)
                            .setBusinessNumberId(numberId)
                            .setCategory(category)
                            .setValue(choice)
                            .setDetail(text(element, "detail"))
                            .setChangedAt(epochSeconds(element, "timestamp"))
                            .build())
                    .build());
        }
        if (events.isEmpty()) {
            problems.add(USER_PREFERENCES + " without a preference that could be typed: published as OTHER");
            events.add(other(provider, source, accountId, occurredAt, USER_PREFERENCES, value).build());
        }
        return events;
    }
}
