package dev.switchboard.ticket.template;

import static dev.switchboard.kit.jdbc.JdbcTime.instant;
import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.ticket.template.rules.Template;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The channels' template catalogues (table {@code message_template}). */
@Repository
class TemplateCatalogue {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String COLUMNS = "channel_id, template_id, source, name, language, category, status, reason,"
            + " parameter_format, components::text, variables::text, synced_at";

    /** A template of a channel's catalogue and when it was last listed. */
    record Entry(String channelId, Template template, Instant syncedAt) {
    }

    private final JdbcClient jdbc;

    TemplateCatalogue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The channel's catalogue becomes {@code templates} (what the provider no longer lists is gone). */
    @Transactional
    public void replace(String channelId, List<Template> templates, Instant syncedAt) {
        // Replicas sync the same channel now and then: one replacement at a time.
        jdbc.sql("select count(pg_advisory_xact_lock(hashtextextended(?, 0)))").param("template-sync:" + channelId)
                .query(Long.class).single();
        jdbc.sql("delete from message_template where channel_id = ?").param(channelId).update();
        Map<String, Template> byId = new LinkedHashMap<>();
        templates.forEach(t -> byId.putIfAbsent(t.id(), t));
        for (Template t : byId.values()) {
            jdbc.sql("insert into message_template (channel_id, template_id, source, name, language, category, status,"
                            + " reason, parameter_format, components, variables, synced_at)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?)")
                    .params(channelId, t.id(), t.source().wire(), t.name(), t.language(), t.category(), t.status(),
                            t.reason(), t.parameterFormat(), json(t.components(), "[]"), json(t.variables(), null),
                            timestamp(syncedAt))
                    .update();
        }
    }

    public void remove(String channelId) {
        jdbc.sql("delete from message_template where channel_id = ?").param(channelId).update();
    }

    /** Whether the channel has a catalogue: synced, and the provider listed at least one template. */
    public boolean has(String channelId) {
        return jdbc.sql("select exists (select 1 from message_template where channel_id = ?)").param(channelId)
                .query(Boolean.class).single();
    }

    /** The channel's templates of that name, in every language. */
    public List<Template> named(String channelId, String name) {
        return jdbc.sql("select " + COLUMNS + " from message_template where channel_id = ? and name = ?"
                        + " order by language").params(channelId, name)
                .query(TemplateCatalogue::entry).list().stream().map(Entry::template).toList();
    }

    public Optional<Template> byId(String channelId, String templateId) {
        return jdbc.sql("select " + COLUMNS + " from message_template where channel_id = ? and template_id = ?")
                .params(channelId, templateId).query(TemplateCatalogue::entry).optional().map(Entry::template);
    }

    /** Filters are optional (null): channel, status (exact, any case), name (a part of it). */
    public List<Entry> list(String channelId, String status, String namePart) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from message_template where true");
        List<Object> params = new ArrayList<>();
        if (channelId != null) {
            sql.append(" and channel_id = ?");
            params.add(channelId);
        }
        if (status != null) {
            sql.append(" and status = upper(?)");
            params.add(status);
        }
        if (namePart != null) {
            sql.append(" and strpos(name, ?) > 0");
            params.add(namePart);
        }
        sql.append(" order by channel_id, name, language, template_id");
        return jdbc.sql(sql.toString()).params(params).query(TemplateCatalogue::entry).list();
    }

    /**
     * A status event: the template with that id, else those of that name (and language, when the event names one).
     *
     * @param status the new status; null keeps it (the reason still changes)
     * @return how many templates changed (0: the catalogue does not know it)
     */
    public int applyStatus(String channelId, String templateId, String name, String language, String status,
                           String reason) {
        String set = "update message_template set status = coalesce(?, status), reason = ? where channel_id = ?";
        if (templateId != null) {
            int updated = jdbc.sql(set + " and template_id = ?").params(status, reason, channelId, templateId).update();
            if (updated > 0) {
                return updated;
            }
        }
        if (language != null) {
            return jdbc.sql(set + " and name = ? and language = ?").params(status, reason, channelId, name, language)
                    .update();
        }
        return jdbc.sql(set + " and name = ?").params(status, reason, channelId, name).update();
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        String variables = rs.getString(11);
        Template template = new Template(rs.getString(2), Template.Source.ofWire(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                JSON.readTree(rs.getString(10)), variables == null ? null : JSON.readTree(variables));
        return new Entry(rs.getString(1), template, instant(rs, 12));
    }

    private static String json(JsonNode node, String otherwise) {
        return node == null || node.isMissingNode() || node.isNull() ? otherwise : JSON.writeValueAsString(node);
    }
}
