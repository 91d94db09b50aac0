/* Writes the workbooks of the golden tests: samples/table-6.2.xlsx typed in the other ways
 * returns come (docs/testing.md, "Golden tests", lists them). Every variant holds the same
 * figures, so every one must give the same verdict: one error, on the looked-after children's
 * % change. */

#include <stdio.h>
#include <time.h>

#include <xlsxwriter.h>

#define GENERATOR "make_golden_inputs"
#include "../../samples/fixed_workbook.h"

/* How the "% change" column is written. */
enum pct_style {
    PCT_FORMULAS,      /* formulas with their stored results, format 0% (as the sample) */
    PCT_FRACTIONS,     /* the sample's results typed as numbers, format 0% */
    PCT_WHOLE_NUMBERS, /* -20, 18, 110 with format 0 */
    PCT_TEXT,          /* the texts "-20%", "+18%", "+110%" */
};

struct variant {
    const char *name;        /* file name without .xlsx */
    const char *description; /* the variant's one line on its Notes sheet */
    const char *const *titles; /* title rows above the header; NULL: the sample's one title */
    int title_count;
    int blank_rows;          /* blank rows between the titles and the header */
    int first_col;           /* 1: column A left blank, labels in B */
    int text_dates;          /* period headers typed as text */
    enum pct_style pct;
    int notes_column;        /* a "Notes" text column between the last period and % change */
    int cla_first_as_text;   /* the 229 typed as the text "229" */
    int corrected;           /* F5 fixed to divide by the old value, as Excel would save it */
    int cla_restated;        /* the looked-after count at 31/03/2016 given as this, not 258 */
    const char *const *labels; /* NULL: the sample's labels */
};

static const char *const sample_labels[3] = {
    "Number of children subject to child protection plans",
    "Number of Looked After Children",
    "Number of children subject to Interim Care Orders",
};

static const char *const sample_titles[1] = {"Table 6.2: Safeguarding activity"};

static const double counts[3][4] = {
    {184, 188, 209, 148},
    {229, 258, 280, 278},
    {20, 41, 58, 42},
};

/* The sample's stored % change results: F5 keeps the published 0.176, the change divided by
 * the new value (278) rather than the old (229). */
static const double pct_results[3] = {(148.0 - 184.0) / 184.0, 0.176, (42.0 - 20.0) / 20.0};
static const double pct_whole[3] = {-20, 18, 110};
static const char *const pct_texts[3] = {"-20%", "+18%", "+110%"};

static const lxw_datetime period_dates[4] = {
    {.year = 2015, .month = 3, .day = 31},
    {.year = 2016, .month = 3, .day = 31},
    {.year = 2016, .month = 9, .day = 30},
    {.year = 2017, .month = 9, .day = 30},
};
static const char *const period_texts[4] = {"31/03/2015", "31/03/2016", "30/09/2016",
                                            "30/09/2017"};

/* "B" for column index 1; the tables here never pass column Z. */
static void cell_name(char *out, size_t size, lxw_row_t row, lxw_col_t col)
{
    snprintf(out, size, "%c%u", (char)('A' + col), (unsigned)row + 1);
}

static int write_variant(const char *dir, const struct variant *v)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.xlsx", dir, v->name);
    lxw_workbook *wb = workbook_new(path);
    if (wb == NULL) {
        fprintf(stderr, "make_golden_inputs: cannot create %s\n", path);
        return 1;
    }
    lxw_doc_properties props = {0};
    props.title = "Table 6.2: Safeguarding activity";
    props.author = "returncheck golden tests";
    props.comments = (char *)v->description;
    props.created = utc_seconds(created_at);
    check(workbook_set_properties(wb, &props), "setting workbook properties");

    lxw_format *title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 13);
    lxw_format *header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_bottom(header, LXW_BORDER_THIN);
    lxw_format *header_period = workbook_add_format(wb);
    format_set_bold(header_period);
    format_set_bottom(header_period, LXW_BORDER_THIN);
    format_set_align(header_period, LXW_ALIGN_RIGHT);
    if (!v->text_dates)
        format_set_num_format(header_period, "dd/mm/yyyy");
    lxw_format *count = workbook_add_format(wb);
    format_set_num_format(count, "0");
    lxw_format *text_right = workbook_add_format(wb);
    format_set_align(text_right, LXW_ALIGN_RIGHT);
    lxw_format *wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    lxw_format *pct = workbook_add_format(wb);
    format_set_num_format(pct, v->pct == PCT_WHOLE_NUMBERS ? "0" : "0%");
    if (v->pct == PCT_TEXT)
        pct = text_right;

    lxw_worksheet *ws = workbook_add_worksheet(wb, "Activity");
    const lxw_col_t label_col = (lxw_col_t)v->first_col;
    const lxw_col_t first_period = (lxw_col_t)(label_col + 1);
    const lxw_col_t last_period = (lxw_col_t)(first_period + 3);
    const lxw_col_t notes_col = (lxw_col_t)(last_period + 1);
    const lxw_col_t pct_col = (lxw_col_t)(last_period + 1 + (v->notes_column ? 1 : 0));

    if (v->first_col)
        check(worksheet_set_column(ws, 0, 0, 3, NULL), "setting the blank column's width");
    check(worksheet_set_column(ws, label_col, label_col, 55, wrap), "setting the label width");
    check(worksheet_set_column(ws, first_period, last_period, 12, NULL),
          "setting the period widths");
    if (v->notes_column)
        check(worksheet_set_column(ws, notes_col, notes_col, 30, NULL),
              "setting the notes width");
    check(worksheet_set_column(ws, pct_col, pct_col, 10, NULL), "setting the % change width");

    /* The sample: one title, one blank row, then the header. */
    const char *const *titles = v->titles ? v->titles : sample_titles;
    int title_count = v->titles ? v->title_count : 1;
    int blank_rows = v->titles ? v->blank_rows : 1;
    for (int t = 0; t < title_count; ++t)
        check(worksheet_write_string(ws, (lxw_row_t)t, label_col, titles[t],
                                     t == 0 ? title : NULL),
              "writing a title row");
    const lxw_row_t header_row = (lxw_row_t)(title_count + blank_rows);

    check(worksheet_write_string(ws, header_row, label_col, "Indicator", header),
          "writing the header");
    for (int c = 0; c < 4; ++c) {
        lxw_col_t col = (lxw_col_t)(first_period + c);
        if (v->text_dates) {
            check(worksheet_write_string(ws, header_row, col, period_texts[c], header_period),
                  "writing a period header");
        } else {
            lxw_datetime date = period_dates[c];
            check(worksheet_write_datetime(ws, header_row, col, &date, header_period),
                  "writing a period header");
        }
    }
    if (v->notes_column)
        check(worksheet_write_string(ws, header_row, notes_col, "Notes", header),
              "writing the notes header");
    check(worksheet_write_string(ws, header_row, pct_col, "% change", header),
          "writing the % change header");

    const char *const *labels = v->labels ? v->labels : sample_labels;
    for (int r = 0; r < 3; ++r) {
        lxw_row_t row = (lxw_row_t)(header_row + 1 + r);
        check(worksheet_write_string(ws, row, label_col, labels[r], NULL), "writing a label");
        for (int c = 0; c < 4; ++c) {
            lxw_col_t col = (lxw_col_t)(first_period + c);
            if (r == 1 && c == 0 && v->cla_first_as_text)
                check(worksheet_write_string(ws, row, col, "229", text_right),
                      "writing a count as text");
            else if (r == 1 && c == 1 && v->cla_restated)
                check(worksheet_write_number(ws, row, col, v->cla_restated, count), "writing a restated count");
            else
                check(worksheet_write_number(ws, row, col, counts[r][c], count),
                      "writing a count");
        }
        switch (v->pct) {
        case PCT_FORMULAS: {
            char first[16], last[16], formula[64];
            cell_name(first, sizeof first, row, first_period);
            cell_name(last, sizeof last, row, last_period);
            /* The looked-after row divides by the new value, as the report's author did. */
            snprintf(formula, sizeof formula, "=(%s-%s)/%s", last, first,
                     r == 1 && !v->corrected ? last : first);
            const double result = r == 1 && v->corrected ? (278.0 - 229.0) / 229.0 : pct_results[r];
            check(worksheet_write_formula_num(ws, row, pct_col, formula, pct, result),
                  "writing a % change formula");
            break;
        }
        case PCT_FRACTIONS:
            check(worksheet_write_number(ws, row, pct_col, pct_results[r], pct),
                  "writing a % change");
            break;
        case PCT_WHOLE_NUMBERS:
            check(worksheet_write_number(ws, row, pct_col, pct_whole[r], pct),
                  "writing a % change");
            break;
        case PCT_TEXT:
            check(worksheet_write_string(ws, row, pct_col, pct_texts[r], pct),
                  "writing a % change");
            break;
        }
    }
    if (v->notes_column) {
        check(worksheet_write_string(ws, header_row + 1, notes_col,
                                     "Fell after the 2017 review of plans", NULL),
              "writing a note");
        check(worksheet_write_string(ws, header_row + 3, notes_col,
                                     "Includes orders made on appeal", NULL),
              "writing a note");
    }
    worksheet_freeze_panes(ws, (lxw_row_t)(header_row + 1), (lxw_col_t)(label_col + 1));

    lxw_worksheet *notes = workbook_add_worksheet(wb, "Notes");
    check(worksheet_set_column(notes, 0, 0, 100, wrap), "setting the Notes width");
    check(worksheet_write_string(notes, 0, 0, "Notes", title), "writing Notes!A1");
    check(worksheet_write_string(notes, 2, 0, v->description, NULL), "writing a note");
    check(worksheet_write_string(notes, 3, 0,
                                 "Generated by tests/golden/make_golden_inputs.c; do not edit "
                                 "by hand.",
                                 NULL),
          "writing a note");

    check(workbook_close(wb), path);
    return failed;
}

static const char *const three_titles[3] = {
    "Annual safeguarding report",
    "Table 6.2: Safeguarding activity",
    "Source: children's social care case management system",
};

static const char *const stray_labels[3] = {
    "  Number of children subject to  child protection plans*",
    "Number of Looked\nAfter Children (1)",
    "NUMBER OF CHILDREN SUBJECT TO INTERIM CARE ORDERS",
};

static const struct variant variants[] = {
    {.name = "t62-text-dates",
     .description = "Table 6.2 with the period headers typed as text (31/03/2015) and the "
                    "% change typed as the texts -20%, +18% and +110%.",
     .text_dates = 1,
     .pct = PCT_TEXT},
    {.name = "t62-fractions",
     .description = "Table 6.2 with the % change typed as fractions with a 0% format, no "
                    "formulas.",
     .pct = PCT_FRACTIONS},
    {.name = "t62-whole-percents",
     .description = "Table 6.2 with the % change typed as whole percentages (-20, 18, 110) with "
                    "a 0 format.",
     .pct = PCT_WHOLE_NUMBERS},
    {.name = "t62-title-rows",
     .description = "Table 6.2 below three title rows and two blank rows, with column A left "
                    "blank.",
     .titles = three_titles,
     .title_count = 3,
     .blank_rows = 2,
     .first_col = 1,
     .pct = PCT_FORMULAS},
    {.name = "t62-stray-spaces",
     .description = "Table 6.2 with labels that carry double spaces, a line break, footnote "
                    "marks (* and (1)) and capitals.",
     .pct = PCT_FORMULAS,
     .labels = stray_labels},
    {.name = "t62-notes-column",
     .description = "Table 6.2 with a Notes text column between the last period and the "
                    "% change.",
     .pct = PCT_FORMULAS,
     .notes_column = 1},
    {.name = "t62-corrected",
     .description = "Table 6.2 with the looked-after % change corrected to =(E5-B5)/B5 and "
                    "its result, +21.4%, stored as Excel stores it.",
     .pct = PCT_FORMULAS,
     .corrected = 1},
    {.name = "t62-number-as-text",
     .description = "Table 6.2 with the looked-after count at 31/03/2015 typed as the text "
                    "229.",
     .pct = PCT_FORMULAS,
     .cla_first_as_text = 1},
    {.name = "t62-restated",
     .description = "Table 6.2 as next quarter's return: the looked-after count at 31/03/2016 "
                    "given as 260 where the sample (the previous return) gave 258.",
     .pct = PCT_FORMULAS,
     .cla_restated = 260},
    {.name = "t62-restated-again",
     .description = "Table 6.2 restated a second time: the looked-after count at 31/03/2016 "
                    "given as 262.",
     .pct = PCT_FORMULAS,
     .cla_restated = 262},
};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_golden_inputs OUTPUT-DIR\n"
                        "Writes the golden tests' workbooks (t62-*.xlsx) into OUTPUT-DIR.\n");
        return 2;
    }
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; ++i)
        if (write_variant(argv[1], &variants[i]) != 0)
            return 1;
    return 0;
}
