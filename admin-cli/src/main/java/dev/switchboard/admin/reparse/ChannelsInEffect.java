package dev.switchboard.admin.reparse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

import dev.switchboard.ingress.channel.ChannelSettings;
import dev.switchboard.ingress.channel.LiveChannels;
import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.kit.channels.ChannelKeys;

/**
 * The channels in effect as ingress has them ({@link LiveChannels}, ingress's own class): the channels file bound as
 * ingress binds {@link ChannelSettings} (placeholders resolved from the environment), and over it the channels topic
 * read to its end by service-kit's {@link ChannelFeed}, its sealed secrets opened with the operator's keys.
 */
final class ChannelsInEffect {

    private ChannelsInEffect() {
    }

    /** The channels of a file such as deploy/local/channels.yml ({@code switchboard.channels.*}); none without one. */
    /**
     * The channels file the services are given: the first {@code .yml}/{@code .yaml} location of
     * {@code SPRING_CONFIG_ADDITIONAL_LOCATION} (e.g. {@code file:/etc/switchboard/channels.yml}), so that the tool
     * in the toolbox pod, which has the services' settings, reads what ingress reads without being told; null when
     * there is none.
     */
    static Path serviceChannelsFile(String additionalLocation) {
        if (additionalLocation == null) {
            return null;
        }
        for (String location : additionalLocation.split(",")) {
            String path = location.trim().replaceFirst("^optional:", "").replaceFirst("^file:", "");
            if (path.endsWith(".yml") || path.endsWith(".yaml")) {
                return Path.of(path);
            }
        }
        return null;
    }

    static ChannelSettings file(Path path) {
        if (path == null) {
            return new ChannelSettings(Map.of());
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read --channels-file " + path);
        }
        List<PropertySource<?>> sources;
        try {
            sources = new ArrayList<>(new YamlPropertySourceLoader().load(path.toString(), new FileSystemResource(path)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --channels-file " + path, e);
        }
        // ${NAME} in the file is resolved from the environment, as the services resolve it.
        List<PropertySource<?>> withEnvironment = new ArrayList<>(sources);
        withEnvironment.addAll(new StandardEnvironment().getPropertySources().stream().toList());
        Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(withEnvironment));
        try {
            return binder.bind("switchboard", ChannelSettings.class).orElseGet(() -> new ChannelSettings(Map.of()));
        } catch (BindException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IllegalArgumentException(path + ": " + cause.getMessage(), e);
        }
    }

    /**
     * The file's channels with the channels topic's over them, read once to its end.
     *
     * @param consumerConfig the brokers and client security settings
     */
    static LiveChannels read(Map<String, Object> consumerConfig, ChannelSettings file, ChannelKeys keys, Duration wait) {
        ChannelFeed feed = new ChannelFeed(consumerConfig, wait);
        feed.start();
        try {
            if (!feed.isCaughtUp()) {
                throw new IllegalStateException("the channels topic was not read to its end within "
                        + wait.toSeconds() + " s: are the brokers reachable (--bootstrap-servers)?");
            }
            // LiveChannels registers with the feed, which tells it at once of every channel read.
            return new LiveChannels(file, keys,
                    new StaticListableBeanFactory(Map.of("channelFeed", feed)).getBeanProvider(ChannelFeed.class));
        } finally {
            feed.stop();
        }
    }
}
