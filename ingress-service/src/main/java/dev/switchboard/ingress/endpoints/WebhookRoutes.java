package dev.switchboard.ingress.endpoints;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The webhook endpoints of docs/public-surface.md, one handler per webhook shape (Meta's, also 360dialog's; Twilio's). */
@Configuration(proxyBeanMethods = false)
class WebhookRoutes {

    @Bean
    RouterFunction<ServerResponse> webhookEndpoints(MetaWebhookHandler meta, TwilioWebhookHandler twilio) {
        return RouterFunctions.route()
                .route(GET("/webhooks/whatsapp/{channelId}"), meta::verify)
                .route(POST("/webhooks/whatsapp/{channelId}"), meta::receive)
                .route(POST("/webhooks/twilio/{channelId}"), twilio::receiveMessage)
                .route(POST("/webhooks/twilio/{channelId}/status"), twilio::receiveStatus)
                .route(POST("/webhooks/360dialog/{channelId}"), meta::receiveFromDialog360)
                .build();
    }
}
