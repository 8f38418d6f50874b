package dev.switchboard.ticket.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

import dev.switchboard.bench.BenchRun;
import dev.switchboard.events.AdReferral;
import dev.switchboard.events.ButtonReply;
import dev.switchboard.events.ContactName;
import dev.switchboard.events.ContactPhone;
import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.InteractiveReply;
import dev.switchboard.events.InteractiveReplyKind;
import dev.switchboard.events.Location;
import dev.switchboard.events.Media;
import dev.switchboard.events.MessageContext;
import dev.switchboard.events.Provider;
import dev.switchboard.events.Reaction;
import dev.switchboard.events.SharedContact;
import dev.switchboard.schemas.Keys;

/**
 * The benchmark's input: a day of WhatsApp traffic as ingress-service publishes it on
 * {@code whatsapp.inbound.messages.v1}, generated from a fixed seed (the same seed gives the same events, event ids
 * included, so the JDBC baselines can regenerate exactly what was replayed).
 *
 * <p>{@code customers} customers over the channels (the first channel gets the most; 12 % of customers write on a
 * second channel), each conversation with a random share of the traffic (exponentially distributed: many short
 * conversations, a few long ones), its messages in time order. A conversation starts with a greeting (10 % of them
 * from a click-to-WhatsApp ad); then mostly text (80-700 characters, some replies to our messages, some forwarded,
 * STOP and START now and then), images and videos with captions, voice notes, documents, stickers, locations,
 * reactions (half to one of the customer's own earlier messages, which land on that article, half to one of ours,
 * which become articles of their own; some removals), button and list replies, shared contacts. A share of the events
 * ({@code duplicates}) are Meta's redeliveries of a message sent shortly before: a new event id, the same wamid.
 *
 * <p>While generating, it works out what ticket-service must end with ({@link Expectation}): conversations, tickets,
 * articles, reaction rows, welcome messages, ticket events.
 */
final class InboundEvents {

    /** A channel of the benchmark: its Meta identifiers and the ticket settings that change the work per message. */
    record Channel(String id, String phoneNumberId, String displayNumber, String wabaId, String group,
                   String welcomeMessage, String afterClose) {
        boolean welcomes() {
            return welcomeMessage != null;
        }
    }

    /** The event and its record key ({@code Keys.conversation}). */
    record Event(String key, InboundMessage message, boolean duplicate) {
    }

    /** What the service must have written once it has consumed everything. */
    static final class Expectation {
        long events;
        long duplicates;
        long conversations;
        long welcomes;
        long inboundArticles;
        long reactionsOnKnownArticles;
        long optEvents;
        final Set<String> reactedArticles = new HashSet<>();
        final Map<String, Long> byType = new TreeMap<>();

        long unique() {
            return events - duplicates;
        }

        long tickets() {
            return conversations; // nobody closes a ticket here: one open ticket per conversation
        }

        long reactionRows() {
            return reactedArticles.size();
        }

        /** TICKET_OPENED per ticket, ARTICLE_ADDED per inbound article and per welcome, opt-out/in changes. */
        long ticketEvents() {
            return conversations + inboundArticles + welcomes + optEvents;
        }

        long outboundRequests() {
            return welcomes;
        }
    }

    static List<Channel> channels(int n) {
        List<Channel> channels = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            // two channels of three greet new customers (one more article, two more outbox rows on a first message)
            String welcome = i % 3 == 2 ? null : "Hi! Thanks for writing to us. An agent will be with you shortly.";
            String group = switch (i % 3) {
                case 1 -> "Support";
                case 2 -> "Sales";
                default -> null;
            };
            channels.add(new Channel("bench-" + i, String.valueOf(100_200_300_400_000L + i), "+1555000" + (1000 + i),
                    String.valueOf(900_800_700_600_000L + i), group, welcome, i % 3 == 2 ? "reopen" : "new"));
        }
        return channels;
    }

    /** The channels file every service reads (SPRING_CONFIG_ADDITIONAL_LOCATION), with the keys ticket-service binds. */
    static String channelsYaml(List<Channel> channels) {
        Map<String, Object> byId = new LinkedHashMap<>();
        for (Channel c : channels) {
            Map<String, Object> channel = new LinkedHashMap<>();
            channel.put("provider", "meta");
            channel.put("meta", Map.of("phone-number-ids", List.of(c.phoneNumberId()), "display-number", c.displayNumber(),
                    "waba-id", c.wabaId()));
            if (c.group() != null) {
                channel.put("group", c.group());
            }
            if (c.welcomeMessage() != null) {
                channel.put("welcome-message", c.welcomeMessage());
            }
            channel.put("after-close", c.afterClose());
            byId.put(c.id(), channel);
        }
        return BenchRun.channelsYaml("generated by the ticket-service benchmark", byId);
    }

    // ------------------------------------------------------------------------------------------------ generator

    private static final String[] FIRST = {"Anna", "Ben", "Carla", "David", "Elif", "Farid", "Greta", "Hugo", "Ines",
            "Jonas", "Kemal", "Lena", "Mateo", "Nora", "Omar", "Paula", "Quentin", "Rosa", "Sven", "Tara", "Umut", "Vera",
            "Wei", "Ximena", "Yusuf", "Zoe", "María José", "Łukasz", "Zoë", "Søren", "Ngozi", "Priya"};
    private static final String[] LAST = {"Müller", "Schmidt", "García", "Rossi", "Nowak", "Yılmaz", "Dubois",
            "Silva", "Kowalski", "Jensen", "Okafor", "Sharma", "Chen", "Smith", "O'Brien", "van der Berg"};
    private static final String[] GREETINGS = {"Hi", "Hello!", "Hallo, ich habe eine Frage zu meiner Bestellung",
            "Good morning, is anyone there?", "Hey 👋", "Hola, necesito ayuda", "Bonjour", "Hi, I need help with my order",
            "Hello, my package hasn't arrived yet", "Hi there! Quick question about your prices"};
    private static final String[] WORDS = ("the order number is and I have been waiting since last week could you please "
            + "check what happened with my delivery it says shipped but tracking does not update also the invoice shows "
            + "a wrong address can you change it to my new one thanks a lot for your help I would like to return the item "
            + "because it arrived damaged the box was open and one part is missing when will I get my refund payment was "
            + "made by card yesterday afternoon please call me back tomorrow morning between nine and eleven ok perfect "
            + "great 👍 danke schön merci gracias 🙏 ✅").split(" ");
    private static final String[] EMOJI = {"👍", "❤️", "😂", "😮", "😢", "🙏", "👏", "🔥"};
    private static final String[] IMAGE_CAPTIONS = {"this is what arrived", "see the photo", "screenshot of the error",
            "receipt", "the label on the box", "damaged corner, look"};

    /**
     * The events, in order, deterministic for a seed. Call {@link #hasNext()}/{@link #next()}; {@link #expectation()}
     * is complete once the last event was generated.
     */
    static final class Generator {

        private final List<Channel> channels;
        private final int events;
        private final double duplicateRate;
        private final SplittableRandom random;
        private final int[] convChannel;
        private final int[] convCustomer;
        private final double[] cumulative;
        private final int[] messageCount;
        private final String[] lastOwnMessage;
        private final boolean[] optedOut;
        private final Instant start;
        private final long spacingMillis;
        private final InboundMessage[] recent = new InboundMessage[2000];
        private final Expectation expectation = new Expectation();
        private int recentCount;
        private int produced;

        Generator(List<Channel> channels, int events, int customers, double duplicateRate, long seed) {
            this.channels = channels;
            this.events = events;
            this.duplicateRate = duplicateRate;
            this.random = new SplittableRandom(seed);
            double[] channelWeight = new double[channels.size()];
            double sum = 0;
            for (int i = 0; i < channelWeight.length; i++) {
                channelWeight[i] = 1.0 / (i + 1); // 3 channels: 55 %, 27 %, 18 %
                sum += channelWeight[i];
            }
            List<int[]> conversations = new ArrayList<>();
            for (int c = 0; c < customers; c++) {
                int primary = pick(channelWeight, sum);
                conversations.add(new int[] {primary, c});
                if (channels.size() > 1 && random.nextDouble() < 0.12) {
                    int other = (primary + 1 + random.nextInt(channels.size() - 1)) % channels.size();
                    conversations.add(new int[] {other, c});
                }
            }
            int n = conversations.size();
            convChannel = new int[n];
            convCustomer = new int[n];
            cumulative = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) {
                convChannel[i] = conversations.get(i)[0];
                convCustomer[i] = conversations.get(i)[1];
                total += -Math.log(1 - random.nextDouble()); // exponential: many short conversations, a few long ones
                cumulative[i] = total;
            }
            messageCount = new int[n];
            lastOwnMessage = new String[n];
            optedOut = new boolean[n];
            start = Instant.parse("2026-11-20T06:00:00Z");
            spacingMillis = Math.max(1, Duration.ofHours(24).toMillis() / Math.max(1, events));
        }

        int conversationsPossible() {
            return convChannel.length;
        }

        Expectation expectation() {
            return expectation;
        }

        boolean hasNext() {
            return produced < events;
        }

        Event next() {
            int j = produced++;
            expectation.events++;
            if (recentCount > 100 && random.nextDouble() < duplicateRate) {
                // Meta redelivers a webhook it had no 200 for: same message, new event (and raw webhook) id
                InboundMessage original = recent[random.nextInt(Math.min(recentCount, recent.length))];
                Instant receivedAt = start.plusMillis(j * spacingMillis + 1500);
                InboundMessage copy = InboundMessage.newBuilder(original)
                        .setEventId(uuid().toString())
                        .setRawWebhookId(uuid().toString())
                        .setReceivedAt(receivedAt)
                        .build();
                expectation.duplicates++;
                return new Event(Keys.conversation(copy.getChannelId(), copy.getCustomer()), copy, true);
            }
            int conv = conversation();
            int k = messageCount[conv]++;
            Channel channel = channels.get(convChannel[conv]);
            int customer = convCustomer[conv];
            Instant sentAt = start.plusMillis(j * spacingMillis);
            Instant receivedAt = sentAt.plusMillis(300 + random.nextInt(2500));
            String messageId = wamid(j, conv);
            InboundMessage.Builder m = InboundMessage.newBuilder()
                    .setEventId(uuid().toString())
                    .setProvider(Provider.META)
                    .setChannelId(channel.id())
                    .setBusinessNumberId(channel.phoneNumberId())
                    .setBusinessDisplayNumber(channel.displayNumber().substring(1))
                    .setBusinessAccountId(channel.wabaId())
                    .setMessageId(messageId)
                    .setCustomer(customer(customer))
                    .setSentAt(sentAt)
                    .setReceivedAt(receivedAt)
                    .setRawWebhookId(uuid().toString());
            boolean ownTarget = false;
            String reactionTarget = null;
            if (k == 0) {
                expectation.conversations++;
                if (channel.welcomes()) {
                    expectation.welcomes++;
                }
                text(m, GREETINGS[random.nextInt(GREETINGS.length)]);
                if (random.nextDouble() < 0.10) {
                    m.setReferral(AdReferral.newBuilder()
                            .setSourceUrl("https://fb.me/" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36))
                            .setSourceId(String.valueOf(120_000_000_000_000L + random.nextInt(1_000_000)))
                            .setSourceType("ad").setHeadline("Winter sale: 30 % off").setBody("Chat with us on WhatsApp")
                            .setMediaType("image").setImageUrl("https://scontent.xx.fbcdn.net/v/t45/ad.jpg")
                            .setCtwaClid(Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "Ab3dE")
                            .build());
                }
            } else {
                double r = random.nextDouble() * 100;
                if (r < 0.2) {
                    text(m, "STOP");
                } else if (r < 0.3) {
                    text(m, "START");
                } else if (r < 76) {
                    text(m, sentence(textLength()));
                    double c = random.nextDouble();
                    if (c < 0.08) {
                        m.setContext(MessageContext.newBuilder().setRepliedToMessageId(wamid(-j, conv))
                                .setRepliedToFrom(channel.displayNumber().substring(1)).build());
                    } else if (c < 0.09) {
                        m.setContext(MessageContext.newBuilder().setForwarded(true).build());
                    }
                } else if (r < 82) {
                    media(m, InboundMessageType.IMAGE, "image", "image/jpeg",
                            random.nextBoolean() ? IMAGE_CAPTIONS[random.nextInt(IMAGE_CAPTIONS.length)] : null, null,
                            null, null);
                } else if (r < 84) {
                    media(m, InboundMessageType.DOCUMENT, "document", "application/pdf",
                            random.nextDouble() < 0.3 ? "my invoice" : null, "invoice-" + (10_000 + random.nextInt(90_000)) + ".pdf",
                            null, null);
                } else if (r < 87) {
                    media(m, InboundMessageType.AUDIO, "audio", "audio/ogg; codecs=opus", null, null, true, null);
                } else if (r < 88) {
                    media(m, InboundMessageType.VIDEO, "video", "video/mp4", random.nextBoolean() ? "watch this" : null,
                            null, null, null);
                } else if (r < 90) {
                    media(m, InboundMessageType.STICKER, "sticker", "image/webp", null, null, null, random.nextDouble() < 0.2);
                } else if (r < 92) {
                    Location.Builder l = Location.newBuilder().setLatitude(52.3 + random.nextDouble())
                            .setLongitude(13.0 + random.nextDouble());
                    if (random.nextDouble() < 0.4) {
                        l.setName("Parcel shop " + random.nextInt(500)).setAddress("Hauptstraße " + (1 + random.nextInt(200))
                                + ", 10115 Berlin");
                    }
                    m.setType(InboundMessageType.LOCATION).setProviderType("location").setLocation(l.build());
                } else if (r < 96 && lastOwnMessage[conv] != null) {
                    ownTarget = random.nextBoolean();
                    reactionTarget = ownTarget ? lastOwnMessage[conv] : wamid(-j, conv);
                    String emoji = random.nextDouble() < 0.05 ? "" : EMOJI[random.nextInt(EMOJI.length)];
                    m.setType(InboundMessageType.REACTION).setProviderType("reaction")
                            .setReaction(Reaction.newBuilder().setMessageId(reactionTarget).setEmoji(emoji).build());
                } else if (r < 98) {
                    boolean button = random.nextBoolean();
                    m.setType(InboundMessageType.INTERACTIVE).setProviderType("interactive")
                            .setInteractive(InteractiveReply.newBuilder()
                                    .setKind(button ? InteractiveReplyKind.BUTTON_REPLY : InteractiveReplyKind.LIST_REPLY)
                                    .setId(button ? "yes" : "row-" + random.nextInt(10))
                                    .setTitle(button ? "Yes, please" : "Track my order")
                                    .setDescription(button ? null : "Where is my parcel?")
                                    .build());
                } else if (r < 99) {
                    m.setType(InboundMessageType.BUTTON).setProviderType("button")
                            .setButton(ButtonReply.newBuilder().setPayload("CONFIRM_DELIVERY").setText("Confirm").build());
                } else if (r < 99.5) {
                    m.setType(InboundMessageType.CONTACTS).setProviderType("contacts")
                            .setContacts(List.of(SharedContact.newBuilder()
                                    .setName(ContactName.newBuilder().setFormattedName("Max Mustermann")
                                            .setFirstName("Max").setLastName("Mustermann").build())
                                    .setPhones(List.of(ContactPhone.newBuilder().setPhone("+49 151 2345678")
                                            .setWaId("491512345678").setType("CELL").build()))
                                    .build()));
                } else {
                    text(m, sentence(textLength()));
                }
            }
            InboundMessage message = m.build();
            InboundMessageType type = message.getType();
            expectation.byType.merge(type.name().toLowerCase(Locale.ROOT), 1L, Long::sum);
            if (type == InboundMessageType.REACTION && ownTarget) {
                expectation.reactionsOnKnownArticles++;
                expectation.reactedArticles.add(reactionTarget);
            } else {
                expectation.inboundArticles++;
            }
            if (type != InboundMessageType.REACTION) {
                lastOwnMessage[conv] = messageId;
            }
            if (type == InboundMessageType.TEXT) {
                String text = message.getText();
                if ("STOP".equals(text) && !optedOut[conv]) {
                    optedOut[conv] = true;
                    expectation.optEvents++;
                } else if ("START".equals(text) && optedOut[conv]) {
                    optedOut[conv] = false;
                    expectation.optEvents++;
                }
            }
            recent[recentCount++ % recent.length] = message;
            return new Event(Keys.conversation(message.getChannelId(), message.getCustomer()), message, false);
        }

        private int conversation() {
            double x = random.nextDouble() * cumulative[cumulative.length - 1];
            // the first conversation whose cumulative weight reaches x (x is below the last one)
            int at = Arrays.binarySearch(cumulative, x);
            return at >= 0 ? at : -at - 1;
        }

        private int pick(double[] weights, double sum) {
            double x = random.nextDouble() * sum;
            for (int i = 0; i < weights.length; i++) {
                x -= weights[i];
                if (x < 0) {
                    return i;
                }
            }
            return weights.length - 1;
        }

        private UUID uuid() {
            return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        }

        private Customer customer(int c) {
            String waId = String.format(Locale.ROOT, "49%010d", 1_510_000_000L + c);
            Customer.Builder customer = Customer.newBuilder();
            SplittableRandom own = new SplittableRandom(c * 31L + 7);
            if (own.nextDouble() < 0.01) {
                // a username adopter: no wa_id, only the business-scoped user id
                customer.setUserId("DE." + (100_000_000_000_000_000L + c)).setUsername("user" + c);
            } else {
                customer.setWaId(waId);
                if (own.nextDouble() < 0.05) {
                    customer.setUserId("DE." + (100_000_000_000_000_000L + c));
                }
            }
            if (own.nextDouble() < 0.9) {
                customer.setName(FIRST[own.nextInt(FIRST.length)] + " " + LAST[own.nextInt(LAST.length)]);
            }
            return customer.build();
        }

        /** A wamid-like id (about 60 characters), unique by (j, conversation); negative j: one of our messages. */
        private String wamid(int j, int conv) {
            ByteBuffer bytes = ByteBuffer.allocate(42);
            bytes.putShort((short) 0x1c18).putInt(j).putInt(conv);
            for (int i = 0; i < 4; i++) {
                bytes.putLong(random.nextLong());
            }
            return "wamid." + Base64.getEncoder().encodeToString(bytes.array());
        }

        private int textLength() {
            double r = random.nextDouble();
            if (r < 0.6) {
                return 8 + random.nextInt(60);
            }
            if (r < 0.9) {
                return 60 + random.nextInt(160);
            }
            return 200 + random.nextInt(500);
        }

        private String sentence(int length) {
            StringBuilder s = new StringBuilder();
            while (s.length() < length) {
                if (s.length() > 0) {
                    s.append(' ');
                }
                s.append(WORDS[random.nextInt(WORDS.length)]);
            }
            s.setCharAt(0, Character.toUpperCase(s.charAt(0)));
            return s.toString();
        }

        private void text(InboundMessage.Builder m, String text) {
            m.setType(InboundMessageType.TEXT).setProviderType("text").setText(text);
        }

        private void media(InboundMessage.Builder m, InboundMessageType type, String providerType, String mimeType,
                           String caption, String filename, Boolean voice, Boolean animated) {
            String id = String.valueOf(1_000_000_000_000_000L + (random.nextLong() & 0xFFFFFFFFFFFFL));
            byte[] sha = new byte[32];
            for (int i = 0; i < sha.length; i++) {
                sha[i] = (byte) random.nextInt(256);
            }
            m.setType(type).setProviderType(providerType).setMedia(Media.newBuilder()
                    .setId(id)
                    .setUrl(random.nextBoolean() ? "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=" + id
                            + "&ext=1732000000&hash=ATu" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) : null)
                    .setMimeType(mimeType)
                    .setSha256(Base64.getEncoder().encodeToString(sha))
                    .setCaption(caption)
                    .setFilename(filename)
                    .setVoice(voice)
                    .setAnimated(animated)
                    .build());
        }
    }

    /** A one-line description of the mix, for the transcript. */
    static String describe(Expectation e, int conversationsPossible) {
        Map<String, String> shares = new LinkedHashMap<>();
        e.byType.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(t -> shares.put(t.getKey(), String.format(Locale.ROOT, "%.1f%%", 100.0 * t.getValue() / e.unique())));
        return String.format(Locale.ROOT, "%,d events: %,d messages + %,d redeliveries (%.1f%%), %,d conversations"
                        + " (%.1f messages each on average; %,d possible), types %s",
                e.events, e.unique(), e.duplicates, 100.0 * e.duplicates / e.events, e.conversations,
                (double) e.unique() / Math.max(1, e.conversations), conversationsPossible, shares);
    }
}
