/* Writes the bundled sample returns (samples/README.md says where their figures come from). */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <xlsxwriter.h>

#define GENERATOR "make_samples"
#include "fixed_workbook.h"

/* The formats every sample shares. */
struct formats {
    lxw_format *title;
    lxw_format *header;
    lxw_format *header_date;
    lxw_format *count;
    lxw_format *percent;
    lxw_format *wrap;
};

static struct formats add_formats(lxw_workbook *wb)
{
    struct formats f;
    f.title = workbook_add_format(wb);
    format_set_bold(f.title);
    format_set_font_size(f.title, 13);

    f.header = workbook_add_format(wb);
    format_set_bold(f.header);
    format_set_bottom(f.header, LXW_BORDER_THIN);

    f.header_date = workbook_add_format(wb);
    format_set_bold(f.header_date);
    format_set_bottom(f.header_date, LXW_BORDER_THIN);
    format_set_num_format(f.header_date, "dd/mm/yyyy");
    format_set_align(f.header_date, LXW_ALIGN_RIGHT);

    f.count = workbook_add_format(wb);
    format_set_num_format(f.count, "0");

    f.percent = workbook_add_format(wb);
    format_set_num_format(f.percent, "0%");

    f.wrap = workbook_add_format(wb);
    format_set_text_wrap(f.wrap);
    format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

static lxw_workbook *open_workbook(const char *dir, const char *name, const char *title,
                                   char *path, size_t path_size)
{
    snprintf(path, path_size, "%s/%s", dir, name);
    lxw_workbook *wb = workbook_new(path);
    if (wb == NULL) {
        fprintf(stderr, "make_samples: cannot create %s\n", path);
        return NULL;
    }
    lxw_doc_properties props = {0};
    props.title = (char *)title;
    props.author = "returncheck samples";
    props.comments = "Sample return for returncheck; see samples/README.md";
    props.created = utc_seconds(created_at);
    check(workbook_set_properties(wb, &props), "setting workbook properties");
    return wb;
}

static void add_notes(lxw_workbook *wb, const struct formats *f, const char *const lines[],
                      int count)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Notes");
    check(worksheet_set_column(ws, 0, 0, 100, f->wrap), "setting Notes column width");
    check(worksheet_write_string(ws, 0, 0, "Notes", f->title), "writing Notes!A1");
    for (int i = 0; i < count; ++i)
        check(worksheet_write_string(ws, (lxw_row_t)(i + 2), 0, lines[i], NULL),
              "writing a note");
}

/* Table 6.2 of a council's annual safeguarding report, figures as published, including the
 * "% change" of Looked After Children that divides by the new value instead of the old. */
static int make_table_6_2(const char *dir)
{
    char path[4096];
    lxw_workbook *wb = open_workbook(dir, "table-6.2.xlsx", "Table 6.2: Safeguarding activity",
                                     path, sizeof path);
    if (wb == NULL)
        return 1;
    struct formats f = add_formats(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Activity");

    check(worksheet_set_column(ws, 0, 0, 55, NULL), "setting column A width");
    check(worksheet_set_column(ws, 1, 4, 12, NULL), "setting columns B:E width");
    check(worksheet_set_column(ws, 5, 5, 10, NULL), "setting column F width");

    /* Row 1 title, row 2 blank, row 3 header: the layout a schema must see through. */
    check(worksheet_write_string(ws, 0, 0, "Table 6.2: Safeguarding activity", f.title),
          "writing A1");
    check(worksheet_write_string(ws, 2, 0, "Indicator", f.header), "writing A3");
    static const lxw_datetime periods[] = {
        {.year = 2015, .month = 3, .day = 31},
        {.year = 2016, .month = 3, .day = 31},
        {.year = 2016, .month = 9, .day = 30},
        {.year = 2017, .month = 9, .day = 30},
    };
    for (int c = 0; c < 4; ++c) {
        lxw_datetime period = periods[c];
        check(worksheet_write_datetime(ws, 2, (lxw_col_t)(c + 1), &period, f.header_date),
              "writing a period header");
    }
    check(worksheet_write_string(ws, 2, 5, "% change", f.header), "writing F3");

    struct indicator {
        const char *label;
        double counts[4];
        const char *formula; /* the "% change" cell's formula, as the report's author wrote it */
        double cached;       /* and the result Excel stored for it */
    };
    const struct indicator rows[] = {
        {"Number of children subject to child protection plans",
         {184, 188, 209, 148},
         "=(E4-B4)/B4",
         (148.0 - 184.0) / 184.0},
        /* The published +18% is (278-229)/278 = 0.1763; written as the report shows it. */
        {"Number of Looked After Children", {229, 258, 280, 278}, "=(E5-B5)/E5", 0.176},
        {"Number of children subject to Interim Care Orders",
         {20, 41, 58, 42},
         "=(E6-B6)/B6",
         (42.0 - 20.0) / 20.0},
    };
    for (int r = 0; r < 3; ++r) {
        lxw_row_t row = (lxw_row_t)(r + 3);
        check(worksheet_write_string(ws, row, 0, rows[r].label, NULL), "writing a label");
        for (int c = 0; c < 4; ++c)
            check(worksheet_write_number(ws, row, (lxw_col_t)(c + 1), rows[r].counts[c], f.count),
                  "writing a count");
        check(worksheet_write_formula_num(ws, row, 5, rows[r].formula, f.percent, rows[r].cached),
              "writing a % change formula");
    }
    worksheet_freeze_panes(ws, 3, 1);

    static const char *const notes[] = {
        "Source: table 6.2 of a council's annual safeguarding report, typed from its published "
        "figures (counts at 31/03/2015, 31/03/2016, 30/09/2016 and 30/09/2017, and the stated "
        "% change).",
        "The % change column keeps the report's formulas and results. F5 divides the change by "
        "the new value (278) instead of the old (229): it shows +18% where 229 to 278 is +21.4%.",
        "Generated by samples/make_samples.c; do not edit by hand.",
    };
    add_notes(wb, &f, notes, 3);

    check(workbook_close(wb), path);
    return failed;
}

/* Two shares quoted in a council's report, both correct at the precision shown. */
static int make_contacts(const char *dir)
{
    char path[4096];
    lxw_workbook *wb = open_workbook(dir, "contacts.xlsx", "Contacts and children in care",
                                     path, sizeof path);
    if (wb == NULL)
        return 1;
    struct formats f = add_formats(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Contacts");

    check(worksheet_set_column(ws, 0, 0, 55, NULL), "setting column A width");
    check(worksheet_set_column(ws, 1, 1, 12, NULL), "setting column B width");

    check(worksheet_write_string(ws, 0, 0, "Contacts, referrals and children in care", f.title),
          "writing A1");
    check(worksheet_write_string(ws, 2, 0, "Indicator", f.header), "writing A3");
    check(worksheet_write_string(ws, 2, 1, "Value", f.header), "writing B3");

    check(worksheet_write_string(ws, 3, 0, "Number of contacts", NULL), "writing A4");
    check(worksheet_write_number(ws, 3, 1, 9684, f.count), "writing B4");
    check(worksheet_write_string(ws, 4, 0, "Contacts converted to referrals", NULL), "writing A5");
    check(worksheet_write_number(ws, 4, 1, 598, f.count), "writing B5");
    check(worksheet_write_string(ws, 5, 0, "% of contacts converted to referrals", NULL),
          "writing A6");
    check(worksheet_write_formula_num(ws, 5, 1, "=B5/B4", f.percent, 598.0 / 9684.0),
          "writing B6");

    check(worksheet_write_string(ws, 6, 0, "Number of children in care", NULL), "writing A7");
    check(worksheet_write_number(ws, 6, 1, 192, f.count), "writing B7");
    check(worksheet_write_string(ws, 7, 0, "Number of young refugees in care", NULL),
          "writing A8");
    check(worksheet_write_number(ws, 7, 1, 17, f.count), "writing B8");
    check(worksheet_write_string(ws, 8, 0, "% of children in care who are young refugees", NULL),
          "writing A9");
    check(worksheet_write_formula_num(ws, 8, 1, "=B8/B7", f.percent, 17.0 / 192.0),
          "writing B9");
    worksheet_freeze_panes(ws, 3, 1);

    static const char *const notes[] = {
        "Source: figures quoted in a council's report: \"of these 9684 contacts 598 (6%) "
        "converted to referrals\" and \"17 young refugees ... 9% of the 192 children in care\".",
        "Both percentages are right at the precision shown (598/9684 = 6.2%, 17/192 = 8.85%): "
        "a check should find nothing wrong here.",
        "Generated by samples/make_samples.c; do not edit by hand.",
    };
    add_notes(wb, &f, notes, 3);

    check(workbook_close(wb), path);
    return failed;
}

/* North Somerset's children's services summary for December 2021: one period, counts as
 * published and the two shares the summary quotes, as formulas shown with a 0% format. */
static int make_north_somerset(const char *dir)
{
    char path[4096];
    lxw_workbook *wb = open_workbook(dir, "north-somerset-2021-12.xlsx",
                                     "North Somerset children's services summary, December 2021",
                                     path, sizeof path);
    if (wb == NULL)
        return 1;
    struct formats f = add_formats(wb);
    lxw_format *header_right = workbook_add_format(wb);
    format_set_bold(header_right);
    format_set_bottom(header_right, LXW_BORDER_THIN);
    format_set_align(header_right, LXW_ALIGN_RIGHT);
    lxw_format *thousands = workbook_add_format(wb);
    format_set_num_format(thousands, "#,##0");

    lxw_worksheet *ws = workbook_add_worksheet(wb, "Summary");
    check(worksheet_set_column(ws, 0, 0, 70, NULL), "setting column A width");
    check(worksheet_set_column(ws, 1, 1, 12, NULL), "setting column B width");

    check(worksheet_write_string(ws, 0, 0,
                                 "North Somerset children's services summary: December 2021",
                                 f.title),
          "writing A1");
    check(worksheet_write_string(ws, 2, 0, "Indicator", f.header), "writing A3");
    check(worksheet_write_string(ws, 2, 1, "Dec 2021", header_right), "writing B3");

    /* A row holds a count, or a share written as a formula over two rows above it. */
    struct line {
        const char *label;
        double count;
        const char *formula; /* NULL for a count */
        double cached;
    };
    const struct line lines[] = {
        {"Number of contacts", 9684, NULL, 0},
        {"Number of referrals", 598, NULL, 0},
        {"% of contacts that led to a referral", 0, "=B5/B4", 598.0 / 9684.0},
        {"Number of children in need", 257, NULL, 0},
        {"Number of children subject to a child protection plan", 80, NULL, 0},
        {"Number of children in care", 192, NULL, 0},
        {"Number of unaccompanied asylum-seeking children in care", 17, NULL, 0},
        {"% of children in care who are unaccompanied asylum-seeking children", 0, "=B10/B9",
         17.0 / 192.0},
        {"Number of care leavers", 200, NULL, 0},
    };
    for (int i = 0; i < (int)(sizeof lines / sizeof lines[0]); ++i) {
        lxw_row_t row = (lxw_row_t)(i + 3);
        check(worksheet_write_string(ws, row, 0, lines[i].label, NULL), "writing a label");
        if (lines[i].formula != NULL)
            check(worksheet_write_formula_num(ws, row, 1, lines[i].formula, f.percent,
                                              lines[i].cached),
                  "writing a share formula");
        else
            check(worksheet_write_number(ws, row, 1, lines[i].count, thousands),
                  "writing a count");
    }
    worksheet_freeze_panes(ws, 3, 1);

    static const char *const notes[] = {
        "Source: North Somerset Council's children's services summary for December 2021, typed "
        "from its published figures: 9,684 contacts, 598 referrals (6% of contacts), 257 "
        "children in need, 80 children on child protection plans, 192 children in care, 17 "
        "unaccompanied asylum-seeking children (9% of those in care) and 200 care leavers.",
        "The two percentages are formulas over the counts (B6 = B5/B4, B11 = B10/B9), shown "
        "with a 0% format: 598/9684 = 6.2% and 17/192 = 8.85%, both right at the precision "
        "shown. A check should find nothing wrong here.",
        "The indicator labels and the layout are ours; the summary gives the figures only.",
        "Generated by samples/make_samples.c; do not edit by hand.",
    };
    add_notes(wb, &f, notes, 4);

    check(workbook_close(wb), path);
    return failed;
}

/* A cell of the benchmarking table: a number, a text (a suppression marker), or blank. */
struct bench_cell {
    enum { BLANK, NUMBER, TEXT } kind;
    double number;
    const char *text;
};
#define NUM(x) {NUMBER, (x), NULL}
#define TXT(s) {TEXT, 0, (s)}
#define NONE {BLANK, 0, NULL}

/* What a row holds, which decides its number format. */
enum bench_kind { COUNT, PERCENT, RATE };

/* A regional quarterly benchmarking return: 24 standard indicators and the child population for
 * one council over the four quarters of 2023-24, with England and statistical-neighbour
 * figures for 2022-23. The figures are illustrative; five cells hold the mistakes that
 * samples/README.md lists. */
static int make_regional_benchmark(const char *dir)
{
    char path[4096];
    lxw_workbook *wb = open_workbook(dir, "regional-benchmark.xlsx",
                                     "Regional benchmarking return: children's social care 2023-24",
                                     path, sizeof path);
    if (wb == NULL)
        return 1;
    struct formats f = add_formats(wb);
    lxw_format *header_right = workbook_add_format(wb);
    format_set_bold(header_right);
    format_set_bottom(header_right, LXW_BORDER_THIN);
    format_set_align(header_right, LXW_ALIGN_RIGHT);
    format_set_text_wrap(header_right);
    lxw_format *formats[3];
    formats[COUNT] = workbook_add_format(wb);
    format_set_num_format(formats[COUNT], "#,##0");
    formats[PERCENT] = f.percent;
    formats[RATE] = workbook_add_format(wb);
    format_set_num_format(formats[RATE], "0.0");
    lxw_format *marker = workbook_add_format(wb);
    format_set_align(marker, LXW_ALIGN_RIGHT);

    lxw_worksheet *ws = workbook_add_worksheet(wb, "Benchmarking");
    check(worksheet_set_column(ws, 0, 0, 80, NULL), "setting column A width");
    check(worksheet_set_column(ws, 1, 4, 11, NULL), "setting columns B:E width");
    check(worksheet_set_column(ws, 5, 6, 15, NULL), "setting columns F:G width");

    check(worksheet_write_string(ws, 0, 0,
                                 "Regional benchmarking return: children's social care, 2023-24",
                                 f.title),
          "writing A1");
    check(worksheet_write_string(ws, 1, 0, "Local authority: Example Council (illustrative figures)",
                                 NULL),
          "writing A2");

    static const char *const headers[] = {
        "Indicator",  "Q1 2023-24",      "Q2 2023-24", "Q3 2023-24",
        "Q4 2023-24", "England 2022-23", "Statistical neighbours 2022-23",
    };
    for (int c = 0; c < 7; ++c)
        check(worksheet_write_string(ws, 3, (lxw_col_t)c, headers[c],
                                     c == 0 ? f.header : header_right),
              "writing a header");

    struct bench_row {
        const char *label;
        enum bench_kind kind;
        struct bench_cell cells[6]; /* Q1 to Q4, England, statistical neighbours */
    };
    const struct bench_row rows[] = {
        {"Child population aged 0-17 (mid-2022 estimate)", COUNT,
         {NUM(98600), NUM(98600), NUM(98600), NUM(98600), NONE, NONE}},
        {"Number of contacts", COUNT,
         {NUM(3412), NUM(3198), NUM(3655), NUM(3540), NONE, NONE}},
        {"Number of referrals", COUNT,
         {NUM(1326), NUM(1281), NUM(1402), NUM(1357), NONE, NONE}},
        {"% of contacts that led to a referral", PERCENT,
         {NUM(0.3886), NUM(0.4006), NUM(0.3836), NUM(0.3833), TXT("[x]"), TXT("[x]")}},
        {"Number of re-referrals within 12 months of a previous referral", COUNT,
         {NUM(276), NUM(262), NUM(301), NUM(285), NONE, NONE}},
        /* C10 divides the re-referrals by the contacts (262/3198), not by the referrals. */
        {"% of referrals that were re-referrals within 12 months", PERCENT,
         {NUM(0.2081), NUM(0.0819), NUM(0.2147), NUM(0.2100), NUM(0.224), NUM(0.218)}},
        /* E11 is not a whole number. */
        {"Number of assessments completed", COUNT,
         {NUM(1188), NUM(1242), NUM(1297), NUM(1204.5), NONE, NONE}},
        /* D12 is typed as a whole percentage (64) among fractions. */
        {"% of assessments completed within 45 working days", PERCENT,
         {NUM(0.72), NUM(0.69), NUM(64), NUM(0.70), NUM(0.82), NUM(0.85)}},
        {"Number of children in need at the end of the quarter", COUNT,
         {NUM(3297), NUM(3322), NUM(3361), NUM(3340), NONE, NONE}},
        /* C14 is per 1,000 children (3322/98600 x 1,000), not per 10,000. */
        {"Children in need per 10,000 children", RATE,
         {NUM(334.4), NUM(33.7), NUM(340.9), NUM(338.7), NUM(342.7), NUM(318.4)}},
        {"Number of section 47 enquiries started", COUNT,
         {NUM(402), NUM(388), NUM(431), NUM(415), NONE, NONE}},
        {"Number of initial child protection conferences", COUNT,
         {NUM(148), NUM(139), NUM(162), NUM(151), NONE, NONE}},
        {"Number of child protection plans started", COUNT,
         {NUM(131), NUM(124), NUM(146), NUM(138), NONE, NONE}},
        {"Number of child protection plans started that were second or subsequent plans", COUNT,
         {NUM(29), NUM(27), NUM(34), NUM(30), NONE, NONE}},
        {"% of child protection plans started that were second or subsequent plans", PERCENT,
         {NUM(0.2214), NUM(0.2177), NUM(0.2329), NUM(0.2174), NUM(0.236), NUM(0.221)}},
        {"Number of children subject to a child protection plan at the end of the quarter", COUNT,
         {NUM(418), NUM(407), NUM(432), NUM(425), NONE, NONE}},
        {"Child protection plans per 10,000 children", RATE,
         {NUM(42.4), NUM(41.3), NUM(43.8), NUM(43.1), NUM(43.2), NUM(40.6)}},
        {"Number of child protection plans lasting 2 years or more at the end of the quarter",
         COUNT,
         {NUM(9), NUM(7), NUM(8), NUM(11), NONE, NONE}},
        /* D23 rises 40% on the quarter before (618 to 866): a figure to confirm or explain. */
        {"Number of children looked after at the end of the quarter", COUNT,
         {NUM(612), NUM(618), NUM(866), NUM(871), NONE, NONE}},
        {"Children looked after per 10,000 children", RATE,
         {NUM(62.1), NUM(62.7), NUM(87.8), NUM(88.3), NUM(71.0), NUM(66.0)}},
        {"Number of unaccompanied asylum-seeking children looked after", COUNT,
         {NUM(41), NUM(44), NUM(47), NUM(45), NONE, NONE}},
        {"Number of care leavers aged 19 to 21", COUNT,
         {NUM(236), NUM(241), NUM(245), NUM(249), NONE, NONE}},
        {"Number of care leavers aged 19 to 21 in education, employment or training", COUNT,
         {NUM(131), NUM(136), NUM(141), NUM(140), NONE, NONE}},
        {"% of care leavers aged 19 to 21 in education, employment or training", PERCENT,
         {NUM(0.5551), NUM(0.5643), NUM(0.5755), NUM(0.5622), NUM(0.56), NUM(0.54)}},
        {"Number of children adopted from care", COUNT,
         {TXT("c"), NUM(8), NUM(6), NUM(11), NONE, NONE}},
    };
    for (int r = 0; r < (int)(sizeof rows / sizeof rows[0]); ++r) {
        lxw_row_t row = (lxw_row_t)(r + 4);
        check(worksheet_write_string(ws, row, 0, rows[r].label, NULL), "writing a label");
        for (int c = 0; c < 6; ++c) {
            const struct bench_cell *cell = &rows[r].cells[c];
            lxw_col_t col = (lxw_col_t)(c + 1);
            if (cell->kind == NUMBER)
                check(worksheet_write_number(ws, row, col, cell->number, formats[rows[r].kind]),
                      "writing a figure");
            else if (cell->kind == TEXT)
                check(worksheet_write_string(ws, row, col, cell->text, marker),
                      "writing a suppression marker");
        }
    }
    worksheet_freeze_panes(ws, 4, 1);

    static const char *const notes[] = {
        "Illustrative figures for one council, invented for this sample: they are consistent "
        "with each other (shares and rates per 10,000 children agree with the counts they come "
        "from), and the England and statistical-neighbour figures are plausible values, not "
        "published statistics.",
        "Counts of flows (contacts, referrals, assessments, enquiries, conferences, plans "
        "started, adoptions) are for the quarter; counts of children (in need, on plans, looked "
        "after, care leavers) are at the quarter's end. Rates are per 10,000 children aged 0-17 "
        "(row 5).",
        "Suppressed: B29 (c, fewer than 5 adoptions), F8 and G8 ([x], not collected nationally).",
        "Deliberate mistakes: C10 divides re-referrals by contacts instead of referrals (8% "
        "where 262/1281 is 20.5%); E11 is a count of 1,204.5; D12 is typed 64 where the column "
        "holds fractions (64% is 0.64); C14 is per 1,000 children (33.7 where 3322/98600 x "
        "10,000 is 336.9); D23 rises 40% in one quarter (618 to 866), a figure to confirm.",
        "Generated by samples/make_samples.c; do not edit by hand.",
    };
    add_notes(wb, &f, notes, 5);

    check(workbook_close(wb), path);
    return failed;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_samples OUTPUT-DIR\n"
                        "Writes table-6.2.xlsx, contacts.xlsx, north-somerset-2021-12.xlsx "
                        "and regional-benchmark.xlsx into OUTPUT-DIR.\n");
        return 2;
    }
    if (make_table_6_2(argv[1]) != 0 || make_contacts(argv[1]) != 0 ||
        make_north_somerset(argv[1]) != 0 || make_regional_benchmark(argv[1]) != 0)
        return 1;
    return 0;
}
