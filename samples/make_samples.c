/* Writes the bundled sample returns (samples/README.md says where their figures come from). */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <xlsxwriter.h>

/* A fixed creation date keeps the output identical from run to run: libxlsxwriter would
 * otherwise stamp docProps/core.xml with the current time. */
static const lxw_datetime created_at = {.year = 2018, .month = 1, .day = 1};

/* Seconds since 1970-01-01 UTC for a calendar date, without mktime's dependence on the local
 * time zone (Howard Hinnant's days-from-civil algorithm). */
static time_t utc_seconds(lxw_datetime dt)
{
    long y = dt.year - (dt.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (dt.month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + dt.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = era * 146097 + doe - 719468;
    return (time_t)(days * 86400L + dt.hour * 3600L + dt.min * 60L + (long)dt.sec);
}

/* Every call below reports failure the same way, so the generator stops at the first one. */
static int failed = 0;

static void check(lxw_error err, const char *what)
{
    if (err != LXW_NO_ERROR && !failed) {
        fprintf(stderr, "make_samples: %s: %s\n", what, lxw_strerror(err));
        failed = 1;
    }
}

/* The formats both samples share. */
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

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_samples OUTPUT-DIR\n"
                        "Writes table-6.2.xlsx and contacts.xlsx into OUTPUT-DIR.\n");
        return 2;
    }
    if (make_table_6_2(argv[1]) != 0 || make_contacts(argv[1]) != 0)
        return 1;
    return 0;
}
