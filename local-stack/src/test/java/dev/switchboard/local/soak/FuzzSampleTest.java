package dev.switchboard.local.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The fuzz sample's Twilio signing. Its run against a stack (1,000 bodies, one ingress: 993 answered 200, 7 answered
 * 413, all kept) takes over two minutes with the stack's start, so it runs in the soak, not here.
 */
class FuzzSampleTest {

    /** A garbled form is signed over the parameters as ingress decodes them. */
    @Test
    void formParametersAreDecodedAsIngressDecodesThem() {
        Map<String, List<String>> params = FuzzSample.formParameters(
                "Body=a+b%zz%E2%82&&Body=%41&NoValue&%4=x%".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(params).containsOnlyKeys("Body", "NoValue", "%4");
        assertThat(params.get("Body")).containsExactly("a b%zz" + new String(new byte[] {(byte) 0xE2, (byte) 0x82},
                StandardCharsets.UTF_8), "A");
        assertThat(params.get("NoValue")).containsExactly("");
        assertThat(params.get("%4")).containsExactly("x%");
    }
}
