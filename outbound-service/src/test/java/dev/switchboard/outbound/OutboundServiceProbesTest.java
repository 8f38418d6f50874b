package dev.switchboard.outbound;

import org.springframework.boot.test.context.SpringBootTest;

import dev.switchboard.testing.ServiceProbesContract;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;

/** The outbound-service starts on real infrastructure and answers its operators' probes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
class OutboundServiceProbesTest extends ServiceProbesContract {
}
