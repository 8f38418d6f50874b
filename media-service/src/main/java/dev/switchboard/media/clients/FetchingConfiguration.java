package dev.switchboard.media.clients;

import java.net.http.HttpClient;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.media.channel.LiveChannels;
import dev.switchboard.media.channel.MediaChannels;
import dev.switchboard.media.fetching.Downloads;
import dev.switchboard.media.fetching.MediaFetcher;
import dev.switchboard.media.fetching.MetaFetcher;
import dev.switchboard.media.fetching.TwilioFetcher;
import dev.switchboard.store.MediaStore;

/**
 * The fetchers as beans: one {@link HttpClient} (connections pooled per host, redirects followed by
 * {@link Downloads} so that credentials stay on their origin), the store from media-store, the settings.
 */
@Configuration(proxyBeanMethods = false)
public class FetchingConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService downloadWatchdog() {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "download-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    Downloads downloads(FetchSettings settings, MediaStore store, ScheduledExecutorService downloadWatchdog) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new Downloads(http, store, settings.requestTimeout(), settings.downloadTimeout(), downloadWatchdog);
    }

    /** The channels topic's record of a channel over the file's (no feed: the file's only). */
    @Bean
    LiveChannels liveChannels(MediaChannels file, ObjectProvider<ChannelFeed> feed, ChannelKeys keys) {
        return new LiveChannels(file, feed.getIfAvailable(), keys);
    }

    @Bean
    MediaFetcher mediaFetcher(Downloads downloads, LiveChannels channels, GraphSettings graph,
                              Dialog360Settings dialog360, LimitSettings limits) {
        return new ChannelFetchers(channels, new MetaFetcher(downloads, limits.limits()),
                new TwilioFetcher(downloads, limits.limits()), graph, dialog360);
    }
}
