package dev.switchboard.sandbox;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import dev.switchboard.sandbox.channel.ChannelProperties;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.customer.CustomerSimulator;
import dev.switchboard.sandbox.fault.Faults;
import dev.switchboard.sandbox.graph.GraphApi;
import dev.switchboard.sandbox.record.MessageLog;
import dev.switchboard.sandbox.status.StatusSequence;
import dev.switchboard.sandbox.twilio.TwilioApi;
import dev.switchboard.sandbox.webhook.WebhookSender;
import dev.switchboard.sandbox.window.CustomerWindows;
import dev.switchboard.sandbox.window.WindowSettings;

/**
 * The sandbox: a local stand-in for Meta's Graph API and Twilio's Messages API (see README.md). The rules live in
 * plain classes; this wires them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SandboxApplication {

    public static void main(String[] args) {
        SpringApplication.run(SandboxApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Channels channels(ChannelProperties properties) {
        return new Channels(properties);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService webhookScheduler() {
        return Executors.newScheduledThreadPool(2, daemonThreads("sandbox-schedule-"));
    }

    /** The HTTP client's own I/O and callbacks, bounded so that a load test does not grow threads without end. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService webhookHttpExecutor() {
        return Executors.newFixedThreadPool(4, daemonThreads("sandbox-http-"));
    }

    /** Where webhook posts wait for ingress's answer: 32 at a time, thousands a second against a quick ingress. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService webhookPosting() {
        return Executors.newFixedThreadPool(32, daemonThreads("sandbox-webhook-"));
    }

    @Bean
    WebhookSender webhookSender(SandboxSettings settings, ScheduledExecutorService webhookScheduler,
                                ExecutorService webhookHttpExecutor, ExecutorService webhookPosting) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.webhooks().timeout())
                .executor(webhookHttpExecutor)
                .build();
        return new WebhookSender(http, webhookPosting, webhookScheduler, settings.webhooks().maxAttempts(),
                settings.webhooks().firstRetryAfter(), settings.webhooks().timeout());
    }

    @Bean
    CustomerWindows customerWindows(WindowSettings window, Clock clock) {
        return new CustomerWindows(window.duration(), clock);
    }

    @Bean
    MessageLog messageLog(SandboxSettings settings) {
        return new MessageLog(settings.maxRecordedMessages());
    }

    @Bean
    Faults faults(Channels channels) {
        return new Faults(channels, () -> ThreadLocalRandom.current().nextDouble());
    }

    @Bean
    StatusSequence statusSequence(SandboxSettings settings, WebhookSender sender,
                                  ScheduledExecutorService webhookScheduler, Clock clock) {
        return new StatusSequence(settings, sender, webhookScheduler, clock);
    }

    @Bean
    GraphApi graphApi(Channels channels, Faults faults, CustomerWindows windows, MessageLog log,
                      StatusSequence statuses, Clock clock) {
        return new GraphApi(channels, faults, windows, log, statuses, clock);
    }

    @Bean
    TwilioApi twilioApi(Channels channels, Faults faults, CustomerWindows windows, MessageLog log,
                        StatusSequence statuses, SandboxSettings settings, Clock clock) {
        return new TwilioApi(channels, faults, windows, log, statuses, settings.twilioWindowError(), clock);
    }

    @Bean
    CustomerSimulator customerSimulator(Channels channels, SandboxSettings settings, CustomerWindows windows,
                                        MessageLog log, WebhookSender sender, Clock clock) {
        return new CustomerSimulator(channels, settings, windows, log, sender, clock);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
