package dev.switchboard.outbound.pacing;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast a channel of the channels topic sends and how many new customers a day it may reach: what the admin set,
 * else what Meta reports for the sending number, else WhatsApp's defaults.
 *
 * <ul>
 * <li>throughput: the admin's override, else the number's reported throughput (Meta's throughput.level: STANDARD 80,
 * HIGH 1,000), else 80; kept within 1..1,000 messages/s (Meta's range);</li>
 * <li>tier: the admin's override (250, 2K, 10K, 100K, unlimited or any count), else the number's messaging limit
 * (TIER_250 → 250, TIER_2K → 2K, TIER_10K → 10K, TIER_100K → 100K, TIER_UNLIMITED → unlimited, any TIER_&lt;n&gt;[K]
 * alike), else 250. TIER_50, NOT_SET and a limit this rule does not know count as 50, Meta's lowest tier: sending to
 * fewer customers than allowed costs a wait, to more costs the number's quality.</li>
 * </ul>
 */
public final class ChannelPacing {

    public static final int DEFAULT_THROUGHPUT = 80;
    public static final String DEFAULT_TIER = "250";
    /** Meta's lowest messaging limit (TIER_50), used for NOT_SET and for limits not known here. */
    public static final String LOWEST_TIER = "50";
    public static final int MAX_THROUGHPUT = 1000;

    private static final Pattern TIER = Pattern.compile("UNLIMITED|[1-9][0-9]{0,8}K?");
    private static final Pattern REPORTED_TIER = Pattern.compile("TIER_([1-9][0-9]{0,8}K?|UNLIMITED)");

    private ChannelPacing() {
    }

    /** Where a setting came from. */
    public enum Source { OVERRIDE, REPORTED, DEFAULT }

    /** The settings a channel is paced with, and where each came from. */
    public record Settings(int throughput, String tier, Source throughputFrom, Source tierFrom) {

        /** The tier as a number of recipients per 24 h; {@link Long#MAX_VALUE} when unlimited. */
        public long tierLimit() {
            return ChannelPacing.tierLimit(tier);
        }
    }

    /**
     * @param throughputOverride the admin's messages/s, or null
     * @param tierOverride       the admin's tier, or null (a value that is no tier is ignored)
     * @param reportedThroughput the sending number's throughput as Meta reports it, or null
     * @param reportedLimit      the sending number's messaging limit as Meta reports it (TIER_250, …), or null
     */
    public static Settings decide(Integer throughputOverride, String tierOverride, Integer reportedThroughput,
                                  String reportedLimit) {
        int throughput;
        Source throughputFrom;
        if (throughputOverride != null && throughputOverride > 0) {
            throughput = throughputOverride;
            throughputFrom = Source.OVERRIDE;
        } else if (reportedThroughput != null && reportedThroughput > 0) {
            throughput = reportedThroughput;
            throughputFrom = Source.REPORTED;
        } else {
            throughput = DEFAULT_THROUGHPUT;
            throughputFrom = Source.DEFAULT;
        }
        String tier;
        Source tierFrom;
        if (isTier(tierOverride)) {
            tier = normalized(tierOverride);
            tierFrom = Source.OVERRIDE;
        } else if (reportedLimit != null && !reportedLimit.isBlank()) {
            tier = fromMessagingLimit(reportedLimit);
            tierFrom = Source.REPORTED;
        } else {
            tier = DEFAULT_TIER;
            tierFrom = Source.DEFAULT;
        }
        return new Settings(Math.min(throughput, MAX_THROUGHPUT), tier, throughputFrom, tierFrom);
    }

    /** Meta's messaging limit as a tier: TIER_2K → 2K, TIER_UNLIMITED → UNLIMITED; anything else → {@value #LOWEST_TIER}. */
    public static String fromMessagingLimit(String limit) {
        Matcher matcher = REPORTED_TIER.matcher(limit.trim().toUpperCase(Locale.ROOT));
        return matcher.matches() ? matcher.group(1) : LOWEST_TIER;
    }

    /** Whether {@code value} is a tier as an admin or the channel file writes it: 250, 2K, 10K, 100K, unlimited, … */
    public static boolean isTier(String value) {
        return value != null && TIER.matcher(normalized(value)).matches();
    }

    /** A tier as a number of recipients; {@link Long#MAX_VALUE} when unlimited. */
    public static long tierLimit(String tier) {
        String value = normalized(tier);
        if (value.equals("UNLIMITED")) {
            return Long.MAX_VALUE;
        }
        return value.endsWith("K") ? Long.parseLong(value.substring(0, value.length() - 1)) * 1000
                : Long.parseLong(value);
    }

    private static String normalized(String tier) {
        return tier.trim().toUpperCase(Locale.ROOT);
    }
}
