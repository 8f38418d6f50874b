package dev.switchboard.ingress.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.AccountEventType;
import dev.switchboard.events.Customer;
import dev.switchboard.events.Provider;
import dev.switchboard.events.UserPreferenceChange;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import dev.switchboard.ingress.webhook.WebhookSource;
import dev.switchboard.schemas.EventSerializer;

/** Account-level webhook fields, in the Cloud API's shapes, become typed {@link AccountEvent}s of the URL's channel. */
class AccountChangesTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-06T10:00:00Z");
    private static final WebhookSource SOURCE = new WebhookSource("acme", Set.of("111"), "raw-account", RECEIVED);

    /** One change of each kind, as Meta sends them (numbers where Meta sends numbers). */
    static final String ACCOUNT_CHANGES = """
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":1765015200,"changes":[
              {"field":"message_template_status_update","value":{"event":"REJECTED","message_template_id":806312974732579,
                "message_template_name":"order_update","message_template_language":"en_US","reason":"INVALID_FORMAT",
                "message_template_category":"UTILITY"}},
              {"field":"phone_number_quality_update","value":{"display_phone_number":"15550783881","event":"DOWNGRADE",
                "old_limit":"TIER_10K","current_limit":"TIER_2K","max_daily_conversations_per_business":"TIER_2K"}},
              {"field":"business_capability_update","value":{"max_daily_conversation_per_phone":-1,
                "max_phone_numbers_per_business":25,"max_phone_numbers_per_waba":"20",
                "max_daily_conversations_per_business":100000}},
              {"field":"account_update","value":{"phone_number":"15550783881","event":"VERIFIED_ACCOUNT"}},
              {"field":"account_alerts","value":{"entity_type":"BUSINESS","alert_info":{"alert_severity":"WARNING"}}}]}]}
            """;

    private final EventSerializer<AccountEvent> serializer = new EventSerializer<>();

    @Test
    void everyAccountLevelFieldBecomesAnEventTypedWhereTheContractTypesIt() {
        ParsedWebhook parsed = new MetaWebhookParser().parse(SOURCE, ACCOUNT_CHANGES.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.accountEvents()).extracting(AccountEvent::getType).containsExactly(
                AccountEventType.TEMPLATE_STATUS, AccountEventType.NUMBER_QUALITY, AccountEventType.BUSINESS_CAPABILITY,
                AccountEventType.OTHER, AccountEventType.ACCOUNT_ALERT);
        assertThat(parsed.accountEvents()).allSatisfy(event -> {
            assertThat(event.getProvider()).isEqualTo(Provider.META);
            assertThat(event.getChannelId()).isEqualTo("acme");
            assertThat(event.getBusinessAccountId()).isEqualTo("102290129340398");
            assertThat(event.getOccurredAt()).isEqualTo(Instant.ofEpochSecond(1765015200));
            assertThat(event.getReceivedAt()).isEqualTo(RECEIVED);
            assertThat(event.getRawWebhookId()).isEqualTo("raw-account");
            assertThat(event.getValueJson()).startsWith("{");
            assertThat(serializer.serialize("t", event)).isNotEmpty();
        });

        AccountEvent template = parsed.accountEvents().get(0);
        assertThat(template.getField()).isEqualTo("message_template_status_update");
        assertThat(template.getTemplate().getTemplateId()).isEqualTo("806312974732579");
        assertThat(template.getTemplate().getName()).isEqualTo("order_update");
        assertThat(template.getTemplate().getLanguage()).isEqualTo("en_US");
        assertThat(template.getTemplate().getEvent()).isEqualTo("REJECTED");
        assertThat(template.getTemplate().getReason()).isEqualTo("INVALID_FORMAT");
        assertThat(template.getValueJson()).contains("UTILITY");

        AccountEvent quality = parsed.accountEvents().get(1);
        assertThat(quality.getNumberQuality().getDisplayPhoneNumber()).isEqualTo("15550783881");
        assertThat(quality.getNumberQuality().getEvent()).isEqualTo("DOWNGRADE");
        assertThat(quality.getNumberQuality().getOldLimit()).isEqualTo("TIER_10K");
        assertThat(quality.getNumberQuality().getCurrentLimit()).isEqualTo("TIER_2K");
        assertThat(quality.getNumberQuality().getMaxDailyConversationsPerBusiness()).isEqualTo("TIER_2K");

        AccountEvent capability = parsed.accountEvents().get(2);
        assertThat(capability.getCapability().getMaxDailyConversationPerPhone()).isEqualTo(-1L);
        assertThat(capability.getCapability().getMaxPhoneNumbersPerBusiness()).isEqualTo(25L);
        assertThat(capability.getCapability().getMaxPhoneNumbersPerWaba()).isEqualTo(20L);
        assertThat(capability.getCapability().getMaxDailyConversationsPerBusiness()).isEqualTo("100000");

        assertThat(parsed.accountEvents().get(3).getField()).isEqualTo("account_update");
        assertThat(parsed.accountEvents().get(3).getValueJson()).contains("VERIFIED_ACCOUNT");
        assertThat(parsed.accountEvents().get(4).getField()).isEqualTo("account_alerts");
        assertThat(parsed.accountEvents().get(4).getTemplate()).isNull();
        assertThat(parsed.accountEvents().get(4).getAlert().getSeverity()).isEqualTo("WARNING");
        assertThat(parsed.accountEvents().get(4).getAlert().getEntityType()).isEqualTo("BUSINESS");
        // account_update is not typed: kept raw, counted as such.
        assertThat(parsed.keptRaw()).containsExactly(
                new ParsedWebhook.KeptRaw("acme", "account_update", ParsedWebhook.Reason.NOT_TYPED));
    }

    private static ParsedWebhook fixture(String name) {
        byte[] body = MetaWebhookParserTest.fixture(name);
        return new MetaWebhookParser().parse(MetaWebhookParserTest.sourceFor(body), body);
    }

    @Test
    void anAccountAlertIsTyped() {
        ParsedWebhook parsed = fixture("account-alerts");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.keptRaw()).isEmpty();
        assertThat(parsed.accountEvents()).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(AccountEventType.ACCOUNT_ALERT);
            assertThat(event.getOccurredAt()).isEqualTo(Instant.ofEpochSecond(1795000200));
            assertThat(event.getAlert().getEntityType()).isEqualTo("PHONE_NUMBER");
            assertThat(event.getAlert().getEntityId()).isEqualTo("106540352242922");
            assertThat(event.getAlert().getSeverity()).isEqualTo("WARNING");
            assertThat(event.getAlert().getStatus()).isEqualTo("ACTIVE");
            assertThat(event.getAlert().getAlertType()).isEqualTo("INCREASED_CAPABILITIES_ELIGIBILITY_FAILED");
            assertThat(event.getAlert().getDescription()).startsWith("Your business is not eligible");
            assertThat(serializer.serialize("t", event)).isNotEmpty();
        });
    }

    @Test
    void aThroughputUpgradeIsANumberQualityChange() {
        assertThat(fixture("phone-number-quality-throughput-upgrade").accountEvents()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(AccountEventType.NUMBER_QUALITY);
            assertThat(e.getNumberQuality().getEvent()).isEqualTo("THROUGHPUT_UPGRADE");
            assertThat(e.getNumberQuality().getDisplayPhoneNumber()).isEqualTo("15550783881");
            assertThat(e.getNumberQuality().getMaxDailyConversationsPerBusiness()).isEqualTo("TIER_UNLIMITED");
        });
    }

    @Test
    void metaBusinessAgentFieldsStayOtherAndAreKeptRawAsBusinessAgent() {
        ParsedWebhook standby = fixture("standby-text");
        ParsedWebhook handover = fixture("messaging-handovers");

        assertThat(standby.messages()).as("not filed as the customer's messages").isEmpty();
        assertThat(List.of(standby, handover)).allSatisfy(parsed -> {
            assertThat(parsed.problems()).isEmpty();
            assertThat(parsed.accountEvents()).singleElement().satisfies(e -> {
                assertThat(e.getType()).isEqualTo(AccountEventType.OTHER);
                assertThat(e.getValueJson()).contains("16505551234");
            });
        });
        assertThat(standby.keptRaw()).containsExactly(
                new ParsedWebhook.KeptRaw("demo", "standby", ParsedWebhook.Reason.BUSINESS_AGENT));
        assertThat(handover.keptRaw()).containsExactly(
                new ParsedWebhook.KeptRaw("demo", "messaging_handovers", ParsedWebhook.Reason.BUSINESS_AGENT));
    }

    @Test
    void aMarketingStopBecomesAUserPreferenceOfTheCustomerCompletedFromItsContact() {
        ParsedWebhook parsed = fixture("user-preferences-marketing-stop");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.keptRaw()).isEmpty();
        assertThat(parsed.accountEvents()).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(AccountEventType.USER_PREFERENCE);
            assertThat(event.getChannelId()).isEqualTo("demo");
            assertThat(event.getField()).isEqualTo("user_preferences");
            assertThat(event.getBusinessAccountId()).isEqualTo("102290129340398");
            UserPreferenceChange preference = event.getUserPreference();
            assertThat(preference.getCategory()).isEqualTo("marketing_messages");
            assertThat(preference.getValue()).isEqualTo("stop");
            assertThat(preference.getDetail()).isEqualTo("User requested to stop marketing messages");
            assertThat(preference.getChangedAt()).isEqualTo(Instant.ofEpochSecond(1794999600));
            assertThat(preference.getBusinessNumberId()).isEqualTo("106540352242922");
            assertThat(preference.getCustomer().getWaId()).isEqualTo("16505551234");
            assertThat(preference.getCustomer().getUserId()).isEqualTo("US.13491208655302741918");
            assertThat(preference.getCustomer().getParentUserId()).isEqualTo("US.ENT.11815799212886844830");
            assertThat(preference.getCustomer().getName()).isEqualTo("Sheena Nelson");
            assertThat(serializer.serialize("t", event)).isNotEmpty();
        });
    }

    @Test
    void aPreferenceKeepsItsOwnIdsWhenTheContactIsSomeoneElse() {
        // pywa's fixture: the element's wa_id is not the contact's, so nothing of that contact is taken.
        assertThat(fixture("user-preferences-marketing-resume").accountEvents()).singleElement().satisfies(event -> {
            assertThat(event.getUserPreference().getValue()).isEqualTo("resume");
            assertThat(event.getUserPreference().getCustomer()).isEqualTo(Customer.newBuilder().setWaId("16505551234").build());
        });
    }

    @Test
    void preferencesAreRoutedByTheirNumberElseStayWithTheUrlsChannel() {
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"waba","changes":[
                  {"field":"user_preferences","value":{"metadata":{"phone_number_id":"333"},
                    "contacts":[{"profile":{"name":"Ana"},"user_id":"DE.1"}],
                    "user_preferences":[{"category":"marketing_messages","value":"stop","timestamp":1750000000},
                                        {"user_id":"DE.2","category":"marketing_messages","value":"resume"}]}},
                  {"field":"user_preferences","value":{"metadata":{"phone_number_id":"999"},
                    "user_preferences":[{"wa_id":"4917","category":"marketing_messages","value":"stop"}]}},
                  {"field":"user_preferences","value":{"metadata":{"phone_number_id":"111"},
                    "user_preferences":[{"wa_id":"4918","value":"stop"}]}}]}]}
                """;
        NumberOwners owners = numberId -> java.util.Optional.ofNullable(java.util.Map.of(
                "333", new NumberOwners.Owner("sibling", Set.of("333"), true)).get(numberId));

        ParsedWebhook parsed = new MetaWebhookParser().parse(SOURCE, owners, body.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.accountEvents()).extracting(AccountEvent::getChannelId, AccountEvent::getType)
                .containsExactly(tuple("sibling", AccountEventType.USER_PREFERENCE),
                        tuple("sibling", AccountEventType.USER_PREFERENCE),
                        tuple("acme", AccountEventType.USER_PREFERENCE),
                        tuple("acme", AccountEventType.OTHER));
        // An element without ids is the lone contact's; one with its own id is not.
        assertThat(parsed.accountEvents().get(0).getUserPreference().getCustomer().getUserId()).isEqualTo("DE.1");
        assertThat(parsed.accountEvents().get(0).getUserPreference().getCustomer().getName()).isEqualTo("Ana");
        assertThat(parsed.accountEvents().get(1).getUserPreference().getCustomer().getName()).isNull();
        assertThat(parsed.accountEvents().get(2).getUserPreference().getBusinessNumberId()).isEqualTo("999");
        assertThat(parsed.problems()).containsExactly(
                "user_preferences element without category, value or customer id: kept on the raw topic only",
                "user_preferences without a preference that could be typed: published as OTHER");
        assertThat(parsed.keptRaw()).containsExactly(
                new ParsedWebhook.KeptRaw("acme", "user_preferences", ParsedWebhook.Reason.NOT_TYPED));
    }

    @Test
    void aTypedFieldMissingWhatItsTypeNeedsIsPublishedAsOtherAndReported() {
        String body = """
                {"entry":[{"id":"waba","changes":[
                  {"field":"message_template_status_update","value":{"event":"APPROVED"}},
                  {"field":"phone_number_quality_update","value":{"display_phone_number":"1555"}},
                  {"field":"business_capability_update","value":{"max_phone_numbers_per_waba":"many"}},
                  {"field":"account_alerts","value":{"entity_type":"WABA"}}]}]}
                """;

        ParsedWebhook parsed = new MetaWebhookParser().parse(SOURCE, body.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.accountEvents()).extracting(AccountEvent::getType).containsExactly(AccountEventType.OTHER,
                AccountEventType.OTHER, AccountEventType.BUSINESS_CAPABILITY, AccountEventType.OTHER);
        assertThat(parsed.accountEvents()).allSatisfy(e -> assertThat(e.getOccurredAt()).isEqualTo(RECEIVED));
        assertThat(parsed.accountEvents().get(2).getCapability().getMaxPhoneNumbersPerWaba()).isNull();
        assertThat(parsed.problems()).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("message_template_status_update without message_template_name"))
                .anySatisfy(p -> assertThat(p).contains("phone_number_quality_update without event"))
                .anySatisfy(p -> assertThat(p).contains("account_alerts without alert_info"));
        // What could not be typed is kept raw, as OTHER.
        assertThat(parsed.keptRaw()).extracting(ParsedWebhook.KeptRaw::field).containsExactly(
                "message_template_status_update", "phone_number_quality_update", "account_alerts");
    }

    @Test
    void a360dialogParserMarksEveryEventWithItsProvider() {
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"waba","changes":[
                  {"field":"messages","value":{"metadata":{"phone_number_id":"111"},
                    "messages":[{"from":"4917","id":"wamid.D360","timestamp":"1765015200","type":"text","text":{"body":"hi"}}],
                    "statuses":[{"id":"wamid.D360-OUT","status":"read","timestamp":"1765015201","recipient_id":"4917"}]}},
                  {"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":1,
                    "message_template_name":"hello","message_template_language":"de"}}]}]}
                """;

        ParsedWebhook parsed = new MetaWebhookParser(Provider.DIALOG360).parse(SOURCE,
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.messages()).singleElement().satisfies(m -> assertThat(m.getProvider()).isEqualTo(Provider.DIALOG360));
        assertThat(parsed.statuses()).singleElement().satisfies(s -> assertThat(s.getProvider()).isEqualTo(Provider.DIALOG360));
        assertThat(parsed.accountEvents()).singleElement().satisfies(e -> assertThat(e.getProvider()).isEqualTo(Provider.DIALOG360));
    }

    /**
     * Found by the parser fuzz (a 1 MB body of 6,301 preferences ran for over a minute): every USER_PREFERENCE event
     * carried the change's whole value, so n elements made n copies of all n (quadratic, gigabytes for a signed body
     * under the size limit). Each event now carries its own element; the whole value stays on the raw topic.
     */
    @Test
    void eachPreferenceOfAChangeCarriesItsOwnElementSoALongChangeStaysLinear() {
        StringBuilder elements = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            elements.append(i == 0 ? "" : ",").append("""
                    {"wa_id":"49151%07d","category":"marketing_messages","value":"stop","timestamp":1794999600}""".formatted(i));
        }
        byte[] body = """
                {"entry":[{"id":"900","changes":[{"field":"user_preferences","value":{"messaging_product":"whatsapp",
                "metadata":{"phone_number_id":"111"},"user_preferences":[%s]}}]}]}""".formatted(elements)
                .getBytes(StandardCharsets.UTF_8);

        ParsedWebhook parsed = new MetaWebhookParser().parse(SOURCE, body);

        assertThat(parsed.accountEvents()).hasSize(2_000);
        long carried = parsed.accountEvents().stream().mapToLong(e -> e.getValueJson().length()).sum();
        assertThat(carried).as("JSON carried by all events").isLessThan(2L * body.length);
        assertThat(parsed.accountEvents().get(7).getValueJson()).contains("491510000007").doesNotContain("491510000008");
        assertThat(parsed.accountEvents().get(7).getUserPreference().getCustomer().getWaId()).isEqualTo("491510000007");
    }
}
