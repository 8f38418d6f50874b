package dev.switchboard.kit.channels;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.switchboard.kit.ServiceKitAutoConfiguration;
import dev.switchboard.kit.kafka.RawBytesKafka;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every service follows the channels topic ({@link ChannelFeed}) unless {@code switchboard.channel-feed.enabled=false},
 * and has the operator's channel keys ({@link ChannelKeys}, from {@code switchboard.channel-keys} or else the
 * environment's {@code SWITCHBOARD_CHANNEL_KEYS}; none is fine for a service that opens no secret).
 */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, ServiceKitAutoConfiguration.class})
public class ChannelFeedAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ChannelKeys channelKeys(@Value("${switchboard.channel-keys:${SWITCHBOARD_CHANNEL_KEYS:}}") String keys) {
        return ChannelKeys.parse(keys);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "switchboard.channel-feed.enabled", havingValue = "true", matchIfMissing = true)
    ChannelFeed channelFeed(KafkaProperties kafka,
                            @Value("${switchboard.channel-feed.startup-wait:30s}") Duration startupWait) {
        return new ChannelFeed(kafka.buildConsumerProperties(), startupWait);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(RawBytesKafka.class)
    ChannelPublisher channelPublisher(RawBytesKafka kafka) {
        return new ChannelPublisher(kafka);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnBean(ChannelFeed.class)
    static class FeedHealth {

        /** Up once the topic has been read to its end; the count of channels it holds. */
        @Bean
        HealthIndicator channelFeedHealthIndicator(ChannelFeed feed) {
            return () -> (feed.isCaughtUp() ? Health.up() : Health.outOfService())
                    .withDetail("channels", feed.all().size()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean({ChannelFeed.class, MeterRegistry.class})
    static class Metrics {

        @Bean
        Gauge channelFeedChannels(ChannelFeed feed, MeterRegistry registry) {
            return Gauge.builder("switchboard.channel.feed.channels", feed, f -> f.all().size())
                    .description("channels known from the channels topic").register(registry);
        }
    }
}
