package dev.switchboard.ingress;

import org.springframework.boot.test.context.SpringBootTest;

import dev.switchboard.testing.ServiceProbesContract;
import dev.switchboard.testing.UseSharedKafka;

/** The ingress-service starts on real infrastructure and answers its operators' probes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
class IngressServiceProbesTest extends ServiceProbesContract {
}
