package dev.switchboard.ticket.template;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.kit.loop.BackgroundLoop;
import dev.switchboard.ticket.template.TemplateSources.Source;
import dev.switchboard.ticket.template.rules.Template;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps every channel's catalogue as its provider lists it: all channels at start and every {@code sync-interval},
 * and a channel at once when it appears or changes on the channels topic, when an agent asks
 * ({@code POST /api/templates/sync}) or when a status event names a template the catalogue does not know. Requests
 * coalesce (a channel asked for twice before its turn is synced once) and one thread syncs them in turn. A failed
 * sync is logged with the provider's error and counted ({@code switchboard_templates_sync_total{channel,outcome}});
 * the catalogue it would have replaced stays.
 */
@Component
public class TemplateSync extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(TemplateSync.class);

    /** What one sync did. */
    enum Outcome { SYNCED, FAILED, NO_CREDENTIALS }

    private final TemplateSources sources;
    private final TemplateListingClient client;
    private final TemplateCatalogue catalogue;
    private final TemplateSettings settings;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile Instant nextFull = Instant.MIN;

    TemplateSync(TemplateSources sources, TemplateListingClient client, TemplateCatalogue catalogue,
                 TemplateSettings settings, MeterRegistry meters, Clock clock, ObjectProvider<ChannelFeed> feed) {
        super(Options.named("template-sync").stopTimeout(Duration.ofSeconds(25)));
        this.sources = sources;
        this.client = client;
        this.catalogue = catalogue;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
        feed.ifAvailable(channels -> channels.addListener((channelId, config) -> {
            if (config == null) {
                catalogue.remove(channelId);
            } else {
                request(channelId);
            }
        }));
    }

    /** Syncs the channel's catalogue soon (on the sync thread). */
    public void request(String channelId) {
        pending.add(channelId);
        wakeUp();
    }

    /** Syncs every channel soon. */
    public void requestAll() {
        pending.addAll(sources.channelIds());
        wakeUp();
    }

    @Override
    protected Duration runOnce() {
        Instant now = clock.instant();
        if (!now.isBefore(nextFull)) {
            nextFull = now.plus(settings.syncInterval());
            pending.addAll(sources.channelIds());
        }
        List<String> due = new ArrayList<>(pending);
        for (String channelId : due) {
            if (!isRunning()) {
                break;
            }
            pending.remove(channelId);
            sync(channelId);
        }
        Duration wait = Duration.between(clock.instant(), nextFull);
        return pending.isEmpty() ? (wait.isNegative() ? Duration.ZERO : wait) : Duration.ZERO;
    }

    /** Lists the channel's templates now and replaces its catalogue; never throws. */
    Outcome sync(String channelId) {
        Optional<Source> source;
        try {
            source = sources.of(channelId);
        } catch (RuntimeException e) {
            log.warn("template sync of channel {}: its credentials do not open: {}", channelId, e.getMessage());
            count(channelId, Outcome.FAILED);
            return Outcome.FAILED;
        }
        if (source.isEmpty()) {
            log.debug("template sync of channel {}: no credentials to list templates with", channelId);
            return Outcome.NO_CREDENTIALS;
        }
        try {
            List<Template> templates = client.list(source.get());
            catalogue.replace(channelId, templates, clock.instant());
            log.info("template sync of channel {} ({}): {} templates", channelId, source.get(), templates.size());
            count(channelId, Outcome.SYNCED);
            return Outcome.SYNCED;
        } catch (TemplateListingClient.ListingFailed e) {
            log.warn("template sync of channel {} ({}) failed; its catalogue stays as it was: {}", channelId,
                    source.get(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("template sync of channel {} ({}) failed; its catalogue stays as it was", channelId,
                    source.get(), e);
        }
        count(channelId, Outcome.FAILED);
        return Outcome.FAILED;
    }

    private void count(String channelId, Outcome outcome) {
        Counter.builder("switchboard.templates.sync").description("template catalogue syncs, by channel and outcome")
                .tag("channel", channelId).tag("outcome", outcome == Outcome.SYNCED ? "success" : "failure")
                .register(meters).increment();
    }
}
