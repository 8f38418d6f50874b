package dev.switchboard.outbound;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Sends through the Graph API or Twilio, paced per phone number and messaging tier, retrying rate-limited sends. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OutboundApplication {

    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(String[] args) {
        widenCommonPool();
        SpringApplication.run(OutboundApplication.class, args);
    }

    /**
     * On 2 CPUs or fewer the common pool gets one thread, and CompletableFuture then starts a new thread for every
     * async task instead; the JDK HttpClient completes each answer through it, so every send started a thread (1,000
     * a second at 1,000 sends/s, measured in the benchmark). Two threads are enough to make it a pool. Only takes
     * effect before anything uses the common pool, hence first thing in main; an explicit -D setting wins.
     */
    static void widenCommonPool() {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM,
                    String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
    }

    /** The time backoffs, deadlines and the tier window are computed against; replaceable in tests. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
