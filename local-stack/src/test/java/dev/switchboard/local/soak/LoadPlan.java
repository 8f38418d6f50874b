package dev.switchboard.local.soak;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

/**
 * Who writes next, in plain Java (one thread uses it): the open-loop schedule's slots get a kind from the mix, and a
 * message slot goes to an idle customer of that provider, round robin. Customers have a lifecycle: a pool per provider
 * sized so that each customer writes about every {@link #CUSTOMER_INTERVAL}; each customer has a budget of webhooks
 * (so it writes for about 1-3 minutes in a 10-minute run, less in a short one), then goes silent for good and a new
 * customer takes its place. So welcomes, reminders (the silence) and closed windows happen during the run, and the
 * platform's sends stay far below the demo number's pacing (at 500/s about 13 new Meta customers a second: a welcome
 * and a reminder each).
 *
 * <p>A customer is busy from the moment its webhook is handed out until it was answered 200 ({@link #answered}): one
 * customer never has two webhooks in flight, so any two of its messages are ordered.
 */
final class LoadPlan {

    /** The kinds of the open-loop slots (the probe and the agent replies run on their own clocks). */
    enum SlotKind { META_MESSAGE, META_BATCH, TWILIO_MESSAGE, META_RECEIPT }

    enum Provider { META, TWILIO }

    /** The mix, in percent of the slots: Meta single messages, Meta batches, Twilio messages; the rest receipts. */
    static final int META_MESSAGE_PERCENT = 70;
    static final int META_BATCH_PERCENT = 10;
    static final int TWILIO_MESSAGE_PERCENT = 10;
    /** How often one customer writes while active (the pool's size follows from it). */
    static final Duration CUSTOMER_INTERVAL = Duration.ofSeconds(3);
    /** A customer's mean active time: 2 minutes, or a quarter of a shorter run (webhooks = it / the interval). */
    static final Duration MAX_MEAN_LIFETIME = Duration.ofMinutes(2);
    /** The pools fill over this time (or a tenth of a shorter run), so the run does not open with a burst of welcomes. */
    static final Duration MAX_RAMP = Duration.ofSeconds(30);

    /** One customer of the run. */
    static final class Customer {
        final Provider provider;
        /** wa_id (Meta) or the number with its + (Twilio: the journal's customer, the number without "whatsapp:") */
        final String id;
        final String name;
        int webhooksLeft;
        long lastN;
        boolean busy;

        Customer(Provider provider, String id, String name, int webhooksLeft) {
            this.provider = provider;
            this.id = id;
            this.name = name;
            this.webhooksLeft = webhooksLeft;
        }

        /** The digits (the platform's waId; the ticket API's customer). */
        String waId() {
            return id.startsWith("+") ? id.substring(1) : id;
        }

        String channelId() {
            return provider == Provider.META ? SoakStack.META_CHANNEL : SoakStack.TWILIO_CHANNEL;
        }

        /** The next message's number in this customer's conversation (1, 2, ...). */
        long nextN() {
            return ++lastN;
        }
    }

    private final Random random;
    private final String numberPrefix;
    private final long rampMillis;
    private final int meanWebhooks;
    private final Pool meta;
    private final Pool twilio;
    private long customersCreated;

    LoadPlan(int rate, Duration duration, long seed) {
        this.random = new Random(seed);
        // 49 + 10 digits: 3 from the seed, 7 the customer's number (0 is the probe).
        this.numberPrefix = "49" + String.format("%03d", Math.floorMod(seed, 1000));
        this.rampMillis = Math.min(MAX_RAMP.toMillis(), duration.toMillis() / 10);
        long meanLifetime = Math.min(MAX_MEAN_LIFETIME.toMillis(), duration.toMillis() / 4);
        this.meanWebhooks = (int) Math.max(2, meanLifetime / CUSTOMER_INTERVAL.toMillis());
        double seconds = CUSTOMER_INTERVAL.toMillis() / 1000.0;
        this.meta = new Pool(Provider.META,
                (int) Math.ceil(rate * (META_MESSAGE_PERCENT + META_BATCH_PERCENT) / 100.0 * seconds));
        this.twilio = new Pool(Provider.TWILIO, (int) Math.ceil(rate * TWILIO_MESSAGE_PERCENT / 100.0 * seconds));
    }

    SlotKind nextKind() {
        int p = random.nextInt(100);
        if (p < META_MESSAGE_PERCENT) {
            return SlotKind.META_MESSAGE;
        }
        if (p < META_MESSAGE_PERCENT + META_BATCH_PERCENT) {
            return SlotKind.META_BATCH;
        }
        return p < META_MESSAGE_PERCENT + META_BATCH_PERCENT + TWILIO_MESSAGE_PERCENT
                ? SlotKind.TWILIO_MESSAGE : SlotKind.META_RECEIPT;
    }

    /** How many messages a batch carries: 2-5. */
    int batchSize() {
        return 2 + random.nextInt(4);
    }

    /** The probe: its own Meta customer for the whole run. */
    Customer probe() {
        return new Customer(Provider.META, numberPrefix + "0000000", "Soak Probe", Integer.MAX_VALUE);
    }

    /**
     * The customer for the next message slot of this provider (now busy): a new one while the pool is below its size
     * at this point of the ramp (one who fell silent is replaced so), else the idle one who wrote longest ago; null when
     * every customer's webhook is still unanswered (the slot waits).
     */
    Customer take(Provider provider, long elapsedMillis) {
        Pool pool = provider == Provider.META ? meta : twilio;
        Customer customer = pool.size < pool.target(elapsedMillis, rampMillis) ? newCustomer(pool) : pool.idle.pollFirst();
        if (customer != null) {
            customer.busy = true;
            customer.webhooksLeft--;
        }
        return customer;
    }

    /** The customer's webhook was answered 200: it writes again later, or (its budget spent) falls silent for good. */
    void answered(Customer customer) {
        customer.busy = false;
        Pool pool = customer.provider == Provider.META ? meta : twilio;
        if (customer.webhooksLeft > 0) {
            pool.idle.addLast(customer);
        } else {
            pool.size--;
        }
    }

    /** The customer writes nothing more (its last webhook's fate is not the driver's to follow). */
    void retire(Customer customer) {
        customer.busy = false;
        customer.webhooksLeft = 0;
        (customer.provider == Provider.META ? meta : twilio).size--;
    }

    /** Customers that ever wrote (the probe not included). */
    long customersCreated() {
        return customersCreated;
    }

    int poolSize(Provider provider) {
        return (provider == Provider.META ? meta : twilio).size;
    }

    int poolTarget(Provider provider) {
        return (provider == Provider.META ? meta : twilio).target;
    }

    int meanWebhooks() {
        return meanWebhooks;
    }

    private Customer newCustomer(Pool pool) {
        long number = ++customersCreated;
        String digits = numberPrefix + String.format("%07d", number);
        String id = pool.provider == Provider.META ? digits : "+" + digits;
        // Budgets from half to one and a half times the mean: active from about 1 to 3 minutes in a long run.
        int budget = Math.max(1, meanWebhooks / 2 + random.nextInt(meanWebhooks + 1));
        pool.size++;
        return new Customer(pool.provider, id, "Soak " + number, budget);
    }

    private static final class Pool {
        final Provider provider;
        final int target;
        final Deque<Customer> idle = new ArrayDeque<>();
        /** idle + busy */
        int size;

        Pool(Provider provider, int target) {
            this.provider = provider;
            this.target = Math.max(1, target);
        }

        int target(long elapsedMillis, long rampMillis) {
            if (rampMillis <= 0 || elapsedMillis >= rampMillis) {
                return target;
            }
            return (int) Math.max(1, Math.ceil(target * (double) elapsedMillis / rampMillis));
        }
    }
}
