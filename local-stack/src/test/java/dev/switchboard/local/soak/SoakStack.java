package dev.switchboard.local.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.local.LocalStack;
import dev.switchboard.local.StackSettings;
import dev.switchboard.local.TestStacks;

/**
 * The stack a soak breaks: the local stack on free ports with the soak's window and JVM options, plus replicas of
 * the services ({@code ingress-2}, {@code ticket-2}...). Everything but the sandbox may be killed: the sandbox is
 * the provider (its record is what the soak counts sends by); provider faults are asked of it instead.
 */
public final class SoakStack implements AutoCloseable {

    /** The services by the launcher's names; each may have replicas. */
    public static final List<String> SERVICES = List.of("ingress", "ticket", "media", "outbound", "reminder");
    private static final Map<String, String> MODULES = Map.of("ingress", "ingress-service", "ticket", "ticket-service",
            "media", "media-service", "outbound", "outbound-service", "reminder", "reminder-service");

    public static final String META_CHANNEL = "demo";
    public static final String META_PHONE_NUMBER_ID = "100200300400500";
    public static final String META_DISPLAY_NUMBER = "15550001111";
    public static final String META_APP_SECRET = "demo-app-secret";
    public static final String TWILIO_CHANNEL = "demo-twilio";
    public static final String TWILIO_AUTH_TOKEN = "demo-twilio-auth-token";
    public static final String TWILIO_SENDER = "whatsapp:+15550002222";
    public static final String TWILIO_ACCOUNT_SID = "AC00000000000000000000000000000000";

    private final LocalStack stack;
    private final StackSettings settings;
    /** process name (ingress, ingress-2...) -> its port */
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    private SoakStack(LocalStack stack, StackSettings settings) {
        this.stack = stack;
        this.settings = settings;
    }

    /** Starts the stack and the replicas; returns once every process is ready. */
    public static SoakStack start(SoakSettings soak, PrintStream console) throws IOException {
        StackSettings base = TestStacks.settings(soak.window(), soak.reminderDelay(), "soak-logs");
        StackSettings settings = new StackSettings(base.root(), base.channelsFile(), base.ports(), base.externalKafka(),
                base.graphBaseUrl(), base.twilioBaseUrl(), base.window(), base.reminderDelay(), soak.serviceJavaOpts(),
                false, soak.outDir().resolve("logs"), base.serviceEnvironment());
        LocalStack stack = new LocalStack(settings, console);
        // The provider keeps posting statuses to an ingress that is being killed: let it retry for minutes, as Meta does.
        stack.withEnvironment("sandbox", Map.of("SWITCHBOARD_SANDBOX_WEBHOOKS_MAXATTEMPTS", "20"));
        SoakStack soakStack = new SoakStack(stack, settings);
        try {
            stack.start();
            StackSettings.Ports p = settings.ports();
            soakStack.ports.putAll(Map.of("ingress", p.ingress(), "ticket", p.ticket(), "media", p.media(),
                    "outbound", p.outbound(), "reminder", p.reminder()));
            List<String> replicas = new ArrayList<>();
            soak.replicas().forEach((service, count) -> {
                for (int i = 2; i <= count; i++) {
                    replicas.add(service + "-" + i);
                }
            });
            int[] free = TestStacks.freePorts(Math.max(1, replicas.size()));
            List<LocalStack.Replica> starting = new ArrayList<>();
            for (int i = 0; i < replicas.size(); i++) {
                String name = replicas.get(i);
                starting.add(new LocalStack.Replica(name, MODULES.get(serviceOf(name)), free[i]));
                soakStack.ports.put(name, free[i]);
            }
            stack.startReplicas(starting);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return soakStack;
    }

    /** {@code ingress-2} -> {@code ingress}. */
    public static String serviceOf(String processName) {
        int dash = processName.lastIndexOf('-');
        return dash > 0 && processName.substring(dash + 1).chars().allMatch(Character::isDigit)
                ? processName.substring(0, dash) : processName;
    }

    public LocalStack control() {
        return stack;
    }

    public StackSettings settings() {
        return settings;
    }

    /** Every killable process (services and their replicas), by name. */
    public List<String> processes() {
        return List.copyOf(ports.keySet());
    }

    /** http://localhost:port of a process (ingress, ingress-2, ticket...). */
    public String url(String process) {
        Integer port = ports.get(process);
        if (port == null) {
            throw new IllegalArgumentException("no process " + process + " in " + ports.keySet());
        }
        return settings.url(port);
    }

    /** The ingress processes' base URLs: the driver spreads webhooks over them, as a load balancer would. */
    public List<String> ingressUrls() {
        return ports.keySet().stream().filter(name -> serviceOf(name).equals("ingress")).map(this::url).toList();
    }

    public List<String> ticketUrls() {
        return ports.keySet().stream().filter(name -> serviceOf(name).equals("ticket")).map(this::url).toList();
    }

    public String sandboxUrl() {
        return settings.url(settings.ports().sandbox());
    }

    public String kafkaBootstrapServers() {
        return settings.kafkaBootstrapServers();
    }

    public String jdbcUrl(String database) {
        return stack.jdbcUrl(database);
    }

    /** The URL Twilio signs for the Twilio demo channel (its public-url, at this stack's first ingress). */
    public String twilioWebhookUrl() {
        return settings.url(settings.ports().ingress()) + "/webhooks/twilio/" + TWILIO_CHANNEL;
    }

    @Override
    public void close() {
        stack.close();
    }
}
