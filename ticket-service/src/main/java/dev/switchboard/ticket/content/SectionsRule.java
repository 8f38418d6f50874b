package dev.switchboard.ticket.content;

import static dev.switchboard.ticket.content.ContentLimits.LIST_BUTTON_MAX;
import static dev.switchboard.ticket.content.ContentLimits.LIST_ROWS_MAX;
import static dev.switchboard.ticket.content.ContentLimits.LIST_ROW_DESCRIPTION_MAX;
import static dev.switchboard.ticket.content.ContentLimits.LIST_ROW_ID_MAX;
import static dev.switchboard.ticket.content.ContentLimits.LIST_ROW_TITLE_MAX;
import static dev.switchboard.ticket.content.ContentLimits.LIST_SECTIONS_MAX;
import static dev.switchboard.ticket.content.ContentLimits.LIST_SECTION_TITLE_MAX;
import static dev.switchboard.ticket.content.ContentLimits.PRODUCT_LIST_ITEMS_MAX;
import static dev.switchboard.ticket.content.ContentLimits.PRODUCT_LIST_SECTIONS_MAX;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

import tools.jackson.databind.JsonNode;

/**
 * The two interactive actions made of sections: list messages (sections of rows) and multi-product messages
 * (sections of product items). Both cap the items across all sections, not per section.
 */
record SectionsRule(Problems problems) {

    private static final String ACTION = "interactive.action";


    void list(JsonNode action) {
        problems.requiredText(action, ACTION, "button", LIST_BUTTON_MAX);
        Map<String, String> ids = new HashMap<>();
        sections(action, LIST_SECTIONS_MAX, "rows", "row", LIST_ROWS_MAX,
                total -> "too many rows: at most " + LIST_ROWS_MAX + " across all sections (has " + total + ")",
                (row, path) -> {
                    problems.unique(ids, problems.requiredText(row, path, "id", LIST_ROW_ID_MAX), path + ".id");
                    problems.requiredText(row, path, "title", LIST_ROW_TITLE_MAX);
                    String description = problems.string(row, path, "description", false);
                    if (description != null) {
                        problems.maxLength(path + ".description", description, LIST_ROW_DESCRIPTION_MAX);
                    }
                });
    }

    void productList(JsonNode action) {
        problems.string(action, ACTION, "catalog_id", true);
        sections(action, PRODUCT_LIST_SECTIONS_MAX, "product_items", "product", PRODUCT_LIST_ITEMS_MAX,
                total -> "too many products: at most " + PRODUCT_LIST_ITEMS_MAX + " across all sections",
                (item, path) -> problems.string(item, path, "product_retailer_id", true));
    }

    /**
     * {@code action.sections}: 1 to {@code maxSections} objects, each with a title (required when there is more
     * than one section) and a non-empty array {@code itemsName}; the item that goes over {@code maxItems} across
     * all sections gets {@code tooManyItems(total items)}, each object item is given to {@code item}.
     */
    private void sections(JsonNode action, int maxSections, String itemsName, String itemNoun, int maxItems,
            IntFunction<String> tooManyItems, BiConsumer<JsonNode, String> item) {
        JsonNode sections = problems.array(action, ACTION, "sections", true);
        if (sections == null) {
            return;
        }
        problems.size(sections, ACTION + ".sections", "section", maxSections);
        int total = 0;
        for (JsonNode section : sections) {
            JsonNode items = section.isObject() ? section.get(itemsName) : null;
            total += items != null && items.isArray() ? items.size() : 0;
        }
        int itemsBefore = 0;
        for (int s = 0; s < sections.size(); s++) {
            String path = ACTION + ".sections[" + s + "]";
            JsonNode section = sections.get(s);
            if (!section.isObject()) {
                problems.add(path, "must be an object");
                continue;
            }
            sectionTitle(section, path, sections.size());
            JsonNode items = problems.array(section, path, itemsName, true);
            if (items == null) {
                continue;
            }
            if (items.isEmpty()) {
                // our rule: an empty section shows nothing (Meta's examples always have items)
                problems.add(path + "." + itemsName, "must have at least 1 " + itemNoun);
            }
            for (int i = 0; i < items.size(); i++, itemsBefore++) {
                String itemPath = path + "." + itemsName + "[" + i + "]";
                if (itemsBefore == maxItems) {
                    problems.add(itemPath, tooManyItems.apply(total));
                }
                if (items.get(i).isObject()) {
                    item.accept(items.get(i), itemPath);
                } else {
                    problems.add(itemPath, "must be an object");
                }
            }
        }
    }

    private void sectionTitle(JsonNode section, String path, int sectionCount) {
        // "Required if the message has more than one section" (Cloud API section object)
        if (sectionCount > 1) {
            problems.requiredText(section, path, "title", LIST_SECTION_TITLE_MAX);
        } else {
            String title = problems.string(section, path, "title", false);
            if (title != null) {
                problems.text(path + ".title", title, LIST_SECTION_TITLE_MAX);
            }
        }
    }
}
