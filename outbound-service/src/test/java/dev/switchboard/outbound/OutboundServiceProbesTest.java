package dev.switchboard.outbound;

import org.springframework.boot.test.context.SpringBootTest;

import dev.switchboard.testing.ServiceProbesContract;
import dev.switchboard.testing.UseSharedKafka;

/** The outbound-service starts on real infrastructure and answers its operators' probes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
class OutboundServiceProbesTest extends ServiceProbesContract {
}
