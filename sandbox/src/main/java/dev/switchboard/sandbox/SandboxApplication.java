package dev.switchboard.sandbox;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import dev.switchboard.sandbox.channel.AccountProperties;
import dev.switchboard.sandbox.channel.ChannelProperties;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.channel.NumberStates;
import dev.switchboard.sandbox.consent.MarketingPreferences;
import dev.switchboard.sandbox.customer.CustomerEvents;
import dev.switchboard.sandbox.customer.CustomerSimulator;
import dev.switchboard.sandbox.dialog360.Dialog360Api;
import dev.switchboard.sandbox.fault.Faults;
import dev.switchboard.sandbox.graph.AccountWebhooks;
import dev.switchboard.sandbox.graph.GraphApi;
import dev.switchboard.sandbox.graph.GraphMedia;
import dev.switchboard.sandbox.graph.GraphOnboarding;
import dev.switchboard.sandbox.graph.TemplateCatalogue;
import dev.switchboard.sandbox.identity.CustomerIdentities;
import dev.switchboard.sandbox.media.DownloadUrls;
import dev.switchboard.sandbox.media.MediaFetcher;
import dev.switchboard.sandbox.media.MediaStore;
import dev.switchboard.sandbox.record.MessageLog;
import dev.switchboard.sandbox.status.StatusSequence;
import dev.switchboard.sandbox.twilio.TwilioAccounts;
import dev.switchboard.sandbox.twilio.TwilioApi;
import dev.switchboard.sandbox.twilio.TwilioContent;
import dev.switchboard.sandbox.TwilioContentSettings;
import dev.switchboard.sandbox.twilio.TwilioMedia;
import dev.switchboard.sandbox.webhook.CallbackVerifier;
import dev.switchboard.sandbox.webhook.WebhookRoutes;
import dev.switchboard.sandbox.webhook.WebhookSender;
import dev.switchboard.sandbox.window.CustomerWindows;
import dev.switchboard.sandbox.window.WindowSettings;

/**
 * The sandbox: a local stand-in for Meta's Graph API, Twilio's Messages API and 360dialog's Cloud API proxy (see
 * README.md). The rules live in plain classes; this wires them.
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
    Channels channels(ChannelProperties properties, AccountProperties accounts) {
        return new Channels(properties, accounts);
    }

    @Bean
    NumberStates numberStates(Channels channels) {
        return new NumberStates(channels);
    }

    @Bean
    WebhookRoutes webhookRoutes(SandboxSettings settings) {
        return new WebhookRoutes(settings.ingressBase());
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

    /** How webhooks are posted and callback URLs verified. */
    @Bean
    HttpClient webhookHttpClient(SandboxSettings settings, ExecutorService webhookHttpExecutor) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.webhooks().timeout())
                .executor(webhookHttpExecutor)
                .build();
    }

    @Bean
    WebhookSender webhookSender(SandboxSettings settings, ScheduledExecutorService webhookScheduler,
                                HttpClient webhookHttpClient, ExecutorService webhookPosting) {
        return new WebhookSender(webhookHttpClient, webhookPosting, webhookScheduler, settings.webhooks().maxAttempts(),
                settings.webhooks().firstRetryAfter(), settings.webhooks().timeout());
    }

    @Bean
    CustomerIdentities customerIdentities() {
        return new CustomerIdentities();
    }

    @Bean
    MarketingPreferences marketingPreferences(CustomerIdentities identities) {
        return new MarketingPreferences(identities);
    }

    @Bean
    CustomerWindows customerWindows(WindowSettings window, Clock clock, CustomerIdentities identities) {
        return new CustomerWindows(window.duration(), clock, identities);
    }

    @Bean
    MessageLog messageLog(SandboxSettings settings, CustomerIdentities identities) {
        return new MessageLog(settings.maxRecordedMessages(), identities);
    }

    @Bean
    Faults faults(Channels channels) {
        return new Faults(channels, () -> ThreadLocalRandom.current().nextDouble());
    }

    @Bean
    StatusSequence statusSequence(SandboxSettings settings, WebhookRoutes routes, WebhookSender sender,
                                  ScheduledExecutorService webhookScheduler, Clock clock,
                                  CustomerIdentities identities) {
        return new StatusSequence(settings, routes, sender, webhookScheduler, clock, identities);
    }

    /** The media files on disk; expired ones are deleted an hour after they expire, all of them at shutdown. */
    @Bean(destroyMethod = "close")
    MediaStore mediaStore(SandboxSettings settings, ScheduledExecutorService webhookScheduler, Clock clock)
            throws IOException {
        String directory = settings.media().directory();
        boolean temporary = directory == null || directory.isBlank();
        MediaStore store = new MediaStore(temporary ? Files.createTempDirectory("sandbox-media-") : Path.of(directory),
                temporary, settings.media().retention(), clock);
        webhookScheduler.scheduleWithFixedDelay(store::purge, 1, 1, TimeUnit.MINUTES);
        return store;
    }

    /** Where the links of media sends are fetched: a few at a time, each a blocking stream to disk. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService mediaFetching() {
        return Executors.newFixedThreadPool(4, daemonThreads("sandbox-media-"));
    }

    @Bean
    MediaFetcher mediaFetcher(SandboxSettings settings, ExecutorService mediaFetching, MediaStore store) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(settings.media().linkTimeout())
                .build();
        return new MediaFetcher(http, mediaFetching, settings.media().linkTimeout(), store);
    }

    @Bean
    GraphMedia graphMedia(Channels channels, MediaStore store, SandboxSettings settings, MediaFetcher fetcher,
                          Clock clock) {
        return new GraphMedia(channels, store, new DownloadUrls(settings.media().urlValidity(), clock), fetcher);
    }

    @Bean
    TwilioMedia twilioMedia(Channels channels, MediaStore store, MediaFetcher fetcher) {
        return new TwilioMedia(channels, store, fetcher);
    }

    @Bean
    GraphApi graphApi(Channels channels, Faults faults, CustomerWindows windows, MessageLog log,
                      StatusSequence statuses, GraphMedia media, TemplateCatalogue templates,
                      MarketingPreferences marketing, Clock clock) {
        return new GraphApi(channels, faults, windows, log, statuses, media, templates, marketing, clock);
    }

    @Bean
    TemplateCatalogue templateCatalogue(Channels channels, TemplateSettings settings) {
        return new TemplateCatalogue(channels, settings);
    }

    @Bean
    GraphOnboarding graphOnboarding(Channels channels, NumberStates numbers, WebhookRoutes routes,
                                    SandboxSettings settings, HttpClient webhookHttpClient) {
        return new GraphOnboarding(channels, numbers, routes,
                new CallbackVerifier(webhookHttpClient, settings.webhooks().timeout()));
    }

    @Bean
    AccountWebhooks accountWebhooks(Channels channels, TemplateCatalogue templates, NumberStates numbers,
                                    WebhookRoutes routes, WebhookSender sender, SandboxSettings settings, Clock clock) {
        return new AccountWebhooks(channels, templates, numbers, routes, sender, settings.webhooks().timeout(), clock);
    }

    @Bean
    Dialog360Api dialog360Api(Channels channels, GraphApi graph, GraphMedia media, TemplateCatalogue templates,
                              WebhookRoutes routes) {
        return new Dialog360Api(channels, graph, media, templates, routes);
    }

    @Bean
    TwilioAccounts twilioAccounts(Channels channels) {
        return new TwilioAccounts(channels);
    }

    @Bean
    TwilioApi twilioApi(Channels channels, Faults faults, CustomerWindows windows, MessageLog log,
                        StatusSequence statuses, SandboxSettings settings, TwilioMedia media, TwilioContent content,
                        Clock clock) {
        return new TwilioApi(channels, faults, windows, log, statuses, settings.twilioWindowError(), media, content,
                clock);
    }

    @Bean
    TwilioContent twilioContent(Channels channels, TwilioContentSettings settings) {
        return new TwilioContent(channels, settings);
    }

    @Bean
    CustomerSimulator customerSimulator(Channels channels, WebhookRoutes routes, SandboxSettings settings,
                                        CustomerWindows windows, MessageLog log, WebhookSender sender,
                                        MediaStore store, CustomerIdentities identities, Clock clock) {
        return new CustomerSimulator(channels, routes, settings, windows, log, sender, store, identities, clock);
    }

    @Bean
    CustomerEvents customerEvents(Channels channels, AccountWebhooks accountWebhooks, CustomerIdentities identities,
                                  MarketingPreferences marketing, Clock clock) {
        return new CustomerEvents(channels, accountWebhooks, identities, marketing, clock);
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
