/* Writes the workbooks of the rule golden tests: for every rule of docs/rules.md, a small
 * indicators table where the rule must report (rule-<id>-fires.xlsx) and a near miss where it
 * must not (rule-<id>-quiet.xlsx). Each table has a title row, a blank row, a header row of
 * periods and labels in column A; the case folders tests/golden/rule-<id>-fires and -quiet
 * hold the schema each is checked against and the report expected. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unzip.h>
#include <xlsxwriter.h>
#include <zip.h>

#define GENERATOR "make_rule_inputs"
#include "../../samples/fixed_workbook.h"

/* ---- What a workbook holds */

enum cell_kind {
    CELL_BLANK = 0,
    CELL_NUMBER,
    CELL_TEXT,
    CELL_DATE,         /* number holds the date as yyyymmdd */
    CELL_FORMULA,      /* text holds the formula, number its stored result */
    CELL_FORMULA_TEXT, /* text holds the formula, result its stored text or error value */
};

enum cell_format {
    FMT_GENERAL = 0,
    FMT_COUNT,   /* 0 */
    FMT_PERCENT, /* 0% */
    FMT_ONE_DP,  /* 0.0 */
    FMT_TEXT,    /* text, right-aligned as figures are */
};

struct cell {
    enum cell_kind kind;
    enum cell_format format;
    double number;
    const char *text;
    const char *result;
};

#define BLANK {CELL_BLANK, FMT_GENERAL, 0, NULL, NULL}
#define NUM(x) {CELL_NUMBER, FMT_COUNT, (x), NULL, NULL}
#define GEN(x) {CELL_NUMBER, FMT_GENERAL, (x), NULL, NULL}
#define PCT(x) {CELL_NUMBER, FMT_PERCENT, (x), NULL, NULL}
#define DP1(x) {CELL_NUMBER, FMT_ONE_DP, (x), NULL, NULL}
#define TXT(s) {CELL_TEXT, FMT_TEXT, 0, (s), NULL}
#define DATE(y, m, d) {CELL_DATE, FMT_GENERAL, (y) * 10000.0 + (m) * 100.0 + (d), NULL, NULL}
#define FML(f, v) {CELL_FORMULA, FMT_COUNT, (v), (f), NULL}
#define FML_PCT(f, v) {CELL_FORMULA, FMT_PERCENT, (v), (f), NULL}
#define FML_ERR(f, e) {CELL_FORMULA_TEXT, FMT_PERCENT, 0, (f), (e)}

#define MAX_COLS 7
#define MAX_ROWS 9
#define MAX_SHEETS 2

struct row {
    const char *label; /* NULL ends the table */
    struct cell cells[MAX_COLS];
};

struct sheet {
    const char *name; /* NULL: no sheet */
    const char *title;
    struct cell header[MAX_COLS]; /* the header row from column B: texts or dates */
    struct row rows[MAX_ROWS];
    const char *footnote;        /* a line below the table, after a blank row */
    enum lxw_ignore_errors ignore; /* 0, or a warning Excel is told to ignore ... */
    const char *ignore_range;      /* ... in these cells */
};

struct book {
    const char *name; /* file name without .xlsx */
    const char *description;
    struct sheet sheets[MAX_SHEETS];
};

/* ---- Writing */

struct formats {
    lxw_format *title, *header, *header_period, *header_date;
    lxw_format *count, *percent, *one_dp, *text, *date_cell, *wrap;
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
    f.header_period = workbook_add_format(wb);
    format_set_bold(f.header_period);
    format_set_bottom(f.header_period, LXW_BORDER_THIN);
    format_set_align(f.header_period, LXW_ALIGN_RIGHT);
    format_set_text_wrap(f.header_period);
    f.header_date = workbook_add_format(wb);
    format_set_bold(f.header_date);
    format_set_bottom(f.header_date, LXW_BORDER_THIN);
    format_set_align(f.header_date, LXW_ALIGN_RIGHT);
    format_set_num_format(f.header_date, "dd/mm/yyyy");
    f.count = workbook_add_format(wb);
    format_set_num_format(f.count, "0");
    f.percent = workbook_add_format(wb);
    format_set_num_format(f.percent, "0%");
    f.one_dp = workbook_add_format(wb);
    format_set_num_format(f.one_dp, "0.0");
    f.text = workbook_add_format(wb);
    format_set_align(f.text, LXW_ALIGN_RIGHT);
    f.date_cell = workbook_add_format(wb);
    format_set_num_format(f.date_cell, "dd/mm/yyyy");
    f.wrap = workbook_add_format(wb);
    format_set_text_wrap(f.wrap);
    format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

static lxw_format *format_of(const struct formats *f, enum cell_format which)
{
    switch (which) {
    case FMT_COUNT: return f->count;
    case FMT_PERCENT: return f->percent;
    case FMT_ONE_DP: return f->one_dp;
    case FMT_TEXT: return f->text;
    case FMT_GENERAL: break;
    }
    return NULL;
}

static lxw_datetime date_of(double yyyymmdd)
{
    long n = (long)yyyymmdd;
    lxw_datetime dt = {0};
    dt.year = (int)(n / 10000);
    dt.month = (uint8_t)(n / 100 % 100);
    dt.day = (uint8_t)(n % 100);
    return dt;
}

static void write_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const struct cell *c,
                       const struct formats *f, lxw_format *text_format, lxw_format *date_format)
{
    lxw_format *format = format_of(f, c->format);
    switch (c->kind) {
    case CELL_BLANK:
        break;
    case CELL_NUMBER:
        check(worksheet_write_number(ws, row, col, c->number, format), "writing a number");
        break;
    case CELL_TEXT:
        check(worksheet_write_string(ws, row, col, c->text, text_format), "writing a text");
        break;
    case CELL_DATE: {
        lxw_datetime dt = date_of(c->number);
        check(worksheet_write_datetime(ws, row, col, &dt, date_format), "writing a date");
        break;
    }
    case CELL_FORMULA:
        check(worksheet_write_formula_num(ws, row, col, c->text, format, c->number),
              "writing a formula");
        break;
    case CELL_FORMULA_TEXT:
        check(worksheet_write_formula_str(ws, row, col, c->text, format, c->result),
              "writing a formula");
        break;
    }
}

static void write_sheet(lxw_workbook *wb, const struct sheet *s, const struct formats *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, s->name);
    check(worksheet_set_column(ws, 0, 0, 58, f->wrap), "setting the label width");
    check(worksheet_set_column(ws, 1, MAX_COLS, 12, NULL), "setting the period widths");
    check(worksheet_write_string(ws, 0, 0, s->title, f->title), "writing the title");

    const lxw_row_t header_row = 2;
    check(worksheet_write_string(ws, header_row, 0, "Indicator", f->header),
          "writing the header");
    for (int c = 0; c < MAX_COLS; ++c)
        write_cell(ws, header_row, (lxw_col_t)(c + 1), &s->header[c], f, f->header_period,
                   f->header_date);

    lxw_row_t row = header_row + 1;
    for (int r = 0; r < MAX_ROWS && s->rows[r].label != NULL; ++r, ++row) {
        check(worksheet_write_string(ws, row, 0, s->rows[r].label, NULL), "writing a label");
        for (int c = 0; c < MAX_COLS; ++c)
            write_cell(ws, row, (lxw_col_t)(c + 1), &s->rows[r].cells[c], f,
                       format_of(f, s->rows[r].cells[c].format), f->date_cell);
    }
    if (s->footnote != NULL)
        check(worksheet_write_string(ws, row + 1, 0, s->footnote, NULL), "writing a footnote");
    if (s->ignore != 0)
        check(worksheet_ignore_errors(ws, s->ignore, s->ignore_range), "ignoring a warning");
    worksheet_freeze_panes(ws, header_row + 1, 1);
}

/* ---- Error values
 *
 * libxlsxwriter stores a formula's text result as a string (t="str"), also when the text is an
 * error value; Excel stores an error value as one (t="e"). The workbook is rewritten so that
 * each formula whose stored result is an error value holds it as Excel does. */

static const char *const error_values[] = {"#DIV/0!", "#REF!", "#N/A", "#VALUE!",
                                           "#NAME?",  "#NUM!", "#NULL!"};

static int is_error_value(const char *text, size_t size)
{
    for (size_t i = 0; i < sizeof error_values / sizeof error_values[0]; ++i)
        if (strlen(error_values[i]) == size && memcmp(error_values[i], text, size) == 0)
            return 1;
    return 0;
}

/* The sheet XML with t="str" changed to t="e" on each cell whose <v> is an error value. */
static char *mark_error_cells(const char *xml, size_t size, size_t *out_size)
{
    char *out = malloc(size + 1);
    if (out == NULL)
        return NULL;
    size_t n = 0;
    const char *end = xml + size;
    const char *p = xml;
    static const char str_type[] = " t=\"str\"";
    while (p < end) {
        const char *cell = strstr(p, "<c ");
        if (cell == NULL || cell >= end) {
            memcpy(out + n, p, (size_t)(end - p));
            n += (size_t)(end - p);
            break;
        }
        const char *tag_end = strchr(cell, '>');
        const char *close = strstr(cell, "</c>");
        const char *type = strstr(cell, str_type);
        int error_cell = 0;
        if (tag_end != NULL && close != NULL && type != NULL && type < tag_end) {
            const char *v = strstr(tag_end, "<v>");
            const char *v_end = v != NULL ? strstr(v, "</v>") : NULL;
            error_cell = v != NULL && v_end != NULL && v_end < close &&
                         is_error_value(v + 3, (size_t)(v_end - (v + 3)));
        }
        if (!error_cell) {
            const char *next = tag_end != NULL ? tag_end + 1 : end;
            memcpy(out + n, p, (size_t)(next - p));
            n += (size_t)(next - p);
            p = next;
            continue;
        }
        memcpy(out + n, p, (size_t)(type - p));
        n += (size_t)(type - p);
        memcpy(out + n, " t=\"e\"", 6);
        n += 6;
        p = type + sizeof str_type - 1;
    }
    out[n] = '\0';
    *out_size = n;
    return out;
}

static int store_error_values(const char *path)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    unzFile in = unzOpen64(path);
    zipFile out = zipOpen64(tmp, APPEND_STATUS_CREATE);
    int ok = in != NULL && out != NULL && unzGoToFirstFile(in) == UNZ_OK;
    while (ok) {
        char name[256];
        unz_file_info64 info;
        ok = unzGetCurrentFileInfo64(in, &info, name, sizeof name, NULL, 0, NULL, 0) == UNZ_OK &&
             unzOpenCurrentFile(in) == UNZ_OK;
        if (!ok)
            break;
        size_t size = (size_t)info.uncompressed_size;
        char *data = malloc(size + 1);
        ok = data != NULL &&
             (size == 0 || unzReadCurrentFile(in, data, (unsigned)size) == (int)size);
        unzCloseCurrentFile(in);
        if (ok) {
            data[size] = '\0';
            char *written = data;
            size_t written_size = size;
            if (strncmp(name, "xl/worksheets/sheet", 19) == 0) {
                written = mark_error_cells(data, size, &written_size);
                ok = written != NULL;
            }
            zip_fileinfo zi;
            memset(&zi, 0, sizeof zi);
            zi.tmz_date.tm_year = 1980; /* 1980-01-01, the earliest date a zip entry holds */
            zi.tmz_date.tm_mday = 1;
            ok = ok &&
                 zipOpenNewFileInZip(out, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                                     Z_DEFAULT_COMPRESSION) == ZIP_OK &&
                 zipWriteInFileInZip(out, written, (unsigned)written_size) == ZIP_OK &&
                 zipCloseFileInZip(out) == ZIP_OK;
            if (written != data)
                free(written);
        }
        free(data);
        if (!ok)
            break;
        int next = unzGoToNextFile(in);
        if (next == UNZ_END_OF_LIST_OF_FILE)
            break;
        ok = next == UNZ_OK;
    }
    if (in != NULL)
        unzClose(in);
    if (out != NULL && zipClose(out, NULL) != ZIP_OK)
        ok = 0;
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    if (!ok) {
        fprintf(stderr, "make_rule_inputs: cannot rewrite %s with its error values\n", path);
        remove(tmp);
        return 1;
    }
    return 0;
}

static int has_error_result(const struct book *b)
{
    for (int s = 0; s < MAX_SHEETS; ++s)
        for (int r = 0; r < MAX_ROWS && b->sheets[s].rows[r].label != NULL; ++r)
            for (int c = 0; c < MAX_COLS; ++c) {
                const struct cell *cell = &b->sheets[s].rows[r].cells[c];
                if (cell->kind == CELL_FORMULA_TEXT &&
                    is_error_value(cell->result, strlen(cell->result)))
                    return 1;
            }
    return 0;
}

static int write_book(const char *dir, const struct book *b)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.xlsx", dir, b->name);
    lxw_workbook *wb = workbook_new(path);
    if (wb == NULL) {
        fprintf(stderr, "make_rule_inputs: cannot create %s\n", path);
        return 1;
    }
    lxw_doc_properties props = {0};
    props.title = (char *)b->sheets[0].title;
    props.author = "returncheck golden tests";
    props.comments = (char *)b->description;
    props.created = utc_seconds(created_at);
    check(workbook_set_properties(wb, &props), "setting workbook properties");
    struct formats f = add_formats(wb);
    for (int s = 0; s < MAX_SHEETS; ++s)
        if (b->sheets[s].name != NULL)
            write_sheet(wb, &b->sheets[s], &f);
    check(workbook_close(wb), path);
    if (failed)
        return 1;
    return has_error_result(b) ? store_error_values(path) : 0;
}

/* ---- The workbooks */

#define YEARS TXT("2021-22"), TXT("2022-23"), TXT("2023-24")
#define TWO_YEARS TXT("2022-23"), TXT("2023-24")
#define QUARTERS TXT("Q1 2023-24"), TXT("Q2 2023-24"), TXT("Q3 2023-24"), TXT("Q4 2023-24")

#define ACTIVITY_TITLE "Table 1: Children's social care activity"
#define REFERRALS {"Number of referrals", {NUM(1840), NUM(1912), NUM(2035)}}
#define ASSESSMENTS {"Number of assessments completed", {NUM(1622), NUM(1710), NUM(1795)}}
#define CP_PLANS \
    {"Number of children subject to a child protection plan", {NUM(184), NUM(209), NUM(148)}}
#define CLA {"Number of Looked After Children", {NUM(229), NUM(258), NUM(278)}}
#define ICO \
    {"Number of children subject to Interim Care Orders", {NUM(20), NUM(41), NUM(42)}}

/* The % change from 2021-22 to 2023-24 of the activity rows. */
#define PCT_CHANGE(a, b) PCT(((b) - (a)) / (a))

#define CIN_TITLE "Table 2: Children in need by age at 31 March"
#define CIN_UNDER_5 "Children in need aged under 5"
#define CIN_5_TO_9 "Children in need aged 5 to 9"
#define CIN_10_PLUS "Children in need aged 10 and over"
#define CIN_TOTAL "Total children in need"

#define WORKFORCE_TITLE "Table 3: Children's social work workforce at 30 September"

static const struct book books[] = {
    /* RC101: the schema names the sheet Activty. */
    {.name = "rule-RC101-fires",
     .description = "The activity table on the sheet Activity; the schema names the sheet "
                    "Activty.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {REFERRALS, ASSESSMENTS, CP_PLANS, CLA}}}},
    /* Sheet names are compared as Excel compares them, without case. */
    {.name = "rule-RC101-quiet",
     .description = "The activity table on the sheet ACTIVITY; the schema names the sheet "
                    "Activity.",
     .sheets = {{.name = "ACTIVITY",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {REFERRALS, ASSESSMENTS, CP_PLANS, CLA}}}},

    /* RC102: the return words the re-referrals row its own way. */
    {.name = "rule-RC102-fires",
     .description = "The re-referrals row is labelled Number of repeat referrals in 12 months.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {REFERRALS,
                          {"Number of repeat referrals in 12 months",
                           {NUM(312), NUM(298), NUM(331)}},
                          ASSESSMENTS}}}},
    /* A line break, a footnote mark and other case are not another label. */
    {.name = "rule-RC102-quiet",
     .description = "The re-referrals row's label carries a line break and a footnote mark.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {REFERRALS,
                          {"Number of Re-referrals\nwithin 12 months*",
                           {NUM(312), NUM(298), NUM(331)}},
                          ASSESSMENTS},
                 .footnote = "* Referrals within 12 months of a previous referral."}}},

    /* RC103: the last column is 30/09/2023, not 31/03/2024. */
    {.name = "rule-RC103-fires",
     .description = "Snapshots at 31/03/2022, 31/03/2023 and 30/09/2023; the schema expects "
                    "31/03/2024.",
     .sheets = {{.name = "Activity",
                 .title = "Table 1: Children's social care at 31 March",
                 .header = {DATE(2022, 3, 31), DATE(2023, 3, 31), DATE(2023, 9, 30)},
                 .rows = {{"Number of children in need", {NUM(1215), NUM(1248), NUM(1302)}},
                          CP_PLANS,
                          CLA}}}},
    /* A date cell, the text 31 Mar 2023 and the text 31/03/2024 are the schema's periods. */
    {.name = "rule-RC103-quiet",
     .description = "Snapshot headers written three ways: a date cell, 31 Mar 2023 and "
                    "31/03/2024 as text.",
     .sheets = {{.name = "Activity",
                 .title = "Table 1: Children's social care at 31 March",
                 .header = {DATE(2022, 3, 31), TXT("31 Mar 2023"), TXT("31/03/2024")},
                 .rows = {{"Number of children in need", {NUM(1215), NUM(1248), NUM(1302)}},
                          CP_PLANS,
                          CLA}}}},

    /* RC104: a "Change" column stands where the schema expects "% change". */
    {.name = "rule-RC104-fires",
     .description = "The table has a Change column where the schema expects % change.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS, TXT("Change")},
                 .rows = {{"Number of referrals",
                           {NUM(1840), NUM(1912), NUM(2035), NUM(195)}},
                          {"Number of assessments completed",
                           {NUM(1622), NUM(1710), NUM(1795), NUM(173)}},
                          {"Number of Looked After Children",
                           {NUM(229), NUM(258), NUM(278), NUM(49)}}}}}},
    /* "% Change*" is "% change" with capitals and a footnote mark. */
    {.name = "rule-RC104-quiet",
     .description = "The % change column is headed % Change* (capitals and a footnote mark).",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS, TXT("% Change*")},
                 .rows = {{"Number of referrals",
                           {NUM(1840), NUM(1912), NUM(2035), PCT_CHANGE(1840.0, 2035.0)}},
                          {"Number of assessments completed",
                           {NUM(1622), NUM(1710), NUM(1795), PCT_CHANGE(1622.0, 1795.0)}},
                          {"Number of Looked After Children",
                           {NUM(229), NUM(258), NUM(278), PCT_CHANGE(229.0, 278.0)}}},
                 .footnote = "* From 2021-22 to 2023-24."}}},

    /* RC105: the second looked-after row lost its "(excluding UASC)". */
    {.name = "rule-RC105-fires",
     .description = "Number of Looked After Children is on two rows.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {REFERRALS,
                          CP_PLANS,
                          CLA,
                          {"Number of Looked After Children", {NUM(211), NUM(236), NUM(251)}},
                          ICO}}}},
    /* A label followed by more words is another row, not the same label twice. */
    {.name = "rule-RC105-quiet",
     .description = "Number of Looked After Children, and below it the same count excluding "
                    "unaccompanied asylum-seeking children.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {REFERRALS,
                          CP_PLANS,
                          CLA,
                          {"Number of Looked After Children (excluding UASC)",
                           {NUM(211), NUM(236), NUM(251)}},
                          ICO}}}},

    /* RC106: the workforce table is not in the return. */
    {.name = "rule-RC106-fires",
     .description = "The activity table only; the schema also expects a workforce table.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {REFERRALS, CP_PLANS, CLA}}}},
    /* The workforce table is on its own sheet, which the schema does not name. */
    {.name = "rule-RC106-quiet",
     .description = "The activity table, and the workforce table on a second sheet.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {REFERRALS, CP_PLANS, CLA}},
                {.name = "Workforce",
                 .title = WORKFORCE_TITLE,
                 .header = {DATE(2022, 9, 30), DATE(2023, 9, 30)},
                 .rows = {{"Children's social workers (FTE)", {DP1(136.2), DP1(140.8)}},
                          {"Agency social workers (FTE)", {DP1(17.3), DP1(17.4)}},
                          {"Social worker vacancy rate", {PCT(0.18), PCT(0.16)}}}}}},

    /* RC201: +18% for 229 -> 278 (+21.4%), the change divided by the new value. */
    {.name = "rule-RC201-fires",
     .description = "The looked-after % change is +18% for 229 to 278 (+21.4%).",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS, TXT("% change")},
                 .rows = {{"Number of children subject to a child protection plan",
                           {NUM(184), NUM(209), NUM(148), PCT(-0.2)}},
                          {"Number of Looked After Children",
                           {NUM(229), NUM(258), NUM(278), PCT(0.176)}},
                          {"Number of children subject to Interim Care Orders",
                           {NUM(20), NUM(41), NUM(42), PCT(1.1)}}}}}},
    /* -20% for 184 -> 148 (-19.6%) is right at the 0% format's precision. */
    {.name = "rule-RC201-quiet",
     .description = "Every % change right at the precision shown; -20% for 184 to 148 "
                    "(-19.6%).",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS, TXT("% change")},
                 .rows = {{"Number of children subject to a child protection plan",
                           {NUM(184), NUM(209), NUM(148), PCT(-0.2)}},
                          {"Number of Looked After Children",
                           {NUM(229), NUM(258), NUM(278), PCT(0.21)}},
                          {"Number of children subject to Interim Care Orders",
                           {NUM(20), NUM(41), NUM(42), PCT(1.1)}}}}}},

    /* RC202: the looked-after change is written -20 for 258 -> 278. */
    {.name = "rule-RC202-fires",
     .description = "The looked-after change is -20 for 258 to 278 (+20).",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {TWO_YEARS, TXT("Change")},
                 .rows = {{"Number of referrals", {NUM(1912), NUM(2035), NUM(123)}},
                          {"Number of Looked After Children", {NUM(258), NUM(278), NUM(-20)}},
                          {"Average days between entering care and moving in with an adoptive "
                           "family",
                           {DP1(412.6), DP1(398.2), NUM(-14)}}}}}},
    /* -14 for 412.6 -> 398.2 (-14.4) is right at the 0 format's precision. */
    {.name = "rule-RC202-quiet",
     .description = "Every change right at the precision shown; -14 for 412.6 to 398.2 "
                    "(-14.4).",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {TWO_YEARS, TXT("Change")},
                 .rows = {{"Number of referrals", {NUM(1912), NUM(2035), NUM(123)}},
                          {"Number of Looked After Children", {NUM(258), NUM(278), NUM(20)}},
                          {"Average days between entering care and moving in with an adoptive "
                           "family",
                           {DP1(412.6), DP1(398.2), NUM(-14)}}}}}},

    /* RC203: 7% for 598 of 9,684 (6.2%). */
    {.name = "rule-RC203-fires",
     .description = "Re-referrals are stated as 7% of referrals; 598 of 9,684 is 6.2%.",
     .sheets = {{.name = "Referrals",
                 .title = "Table 4: Referrals by source",
                 .header = {TWO_YEARS, TXT("% of referrals")},
                 .rows = {{"Number of referrals", {NUM(9512), NUM(9684), BLANK}},
                          {"Referrals from the police", {NUM(2702), NUM(2754), PCT(0.28)}},
                          {"Referrals from schools", {NUM(1790), NUM(1831), PCT(0.19)}},
                          {"Re-referrals within 12 months",
                           {NUM(612), NUM(598), PCT(0.07)}}}}}},
    /* 6% for 626 of 9,684 (6.46%) is right at the 0% format's precision. */
    {.name = "rule-RC203-quiet",
     .description = "Every share right at the precision shown; 6% for 626 of 9,684 (6.46%).",
     .sheets = {{.name = "Referrals",
                 .title = "Table 4: Referrals by source",
                 .header = {TWO_YEARS, TXT("% of referrals")},
                 .rows = {{"Number of referrals", {NUM(9512), NUM(9684), BLANK}},
                          {"Referrals from the police", {NUM(2702), NUM(2754), PCT(0.28)}},
                          {"Referrals from schools", {NUM(1790), NUM(1831), PCT(0.19)}},
                          {"Re-referrals within 12 months",
                           {NUM(612), NUM(626), PCT(0.06)}}}}}},

    /* RC204: 5.7 per 10,000 for 257 of 45,000 children (57.1), a rate per 1,000. */
    {.name = "rule-RC204-fires",
     .description = "The 2023-24 rate per 10,000 is 5.7; 257 of 45,000 children is 57.1.",
     .sheets = {{.name = "Activity",
                 .title = "Table 5: Children looked after per 10,000 children",
                 .header = {TWO_YEARS},
                 .rows = {{"Number of Looked After Children", {NUM(249), NUM(257)}},
                          {"Child population aged 0-17", {NUM(44800), NUM(45000)}},
                          {"Looked after children per 10,000 children",
                           {DP1(55.6), DP1(5.7)}}}}}},
    /* Whole rates, 56 and 57 for 55.58 and 57.11, are right at the 0 format's precision. */
    {.name = "rule-RC204-quiet",
     .description = "Rates per 10,000 shown as whole numbers: 56 and 57 for 55.58 and 57.11.",
     .sheets = {{.name = "Activity",
                 .title = "Table 5: Children looked after per 10,000 children",
                 .header = {TWO_YEARS},
                 .rows = {{"Number of Looked After Children", {NUM(249), NUM(257)}},
                          {"Child population aged 0-17", {NUM(44800), NUM(45000)}},
                          {"Looked after children per 10,000 children",
                           {NUM(56), NUM(57)}}}}}},

    /* RC205: the 2023 total is typed 104.8 where its parts add up to 140.8. */
    {.name = "rule-RC205-fires",
     .description = "The 30/09/2023 total FTE is 104.8; permanent and agency add up to 140.8.",
     .sheets = {{.name = "Workforce",
                 .title = WORKFORCE_TITLE,
                 .header = {DATE(2022, 9, 30), DATE(2023, 9, 30)},
                 .rows = {{"Children's social workers (FTE)", {DP1(136.2), DP1(104.8)}},
                          {"of which: permanent (FTE)", {DP1(118.9), DP1(123.4)}},
                          {"of which: agency (FTE)", {DP1(17.3), DP1(17.4)}}}}}},
    /* 123.4 + 17.4 = 140.8 against a total of 140.7: each figure rounded on its own. */
    {.name = "rule-RC205-quiet",
     .description = "The 30/09/2023 total FTE is 140.7; its parts, each rounded on its own, "
                    "add up to 140.8.",
     .sheets = {{.name = "Workforce",
                 .title = WORKFORCE_TITLE,
                 .header = {DATE(2022, 9, 30), DATE(2023, 9, 30)},
                 .rows = {{"Children's social workers (FTE)", {DP1(136.2), DP1(140.7)}},
                          {"of which: permanent (FTE)", {DP1(118.9), DP1(123.4)}},
                          {"of which: agency (FTE)", {DP1(17.3), DP1(17.4)}}},
                 .footnote = "Figures are rounded independently, so totals may differ from "
                             "the sum of their parts."}}},

    /* RC206: 420 children on Interim Care Orders, more than the 278 looked after. */
    {.name = "rule-RC206-fires",
     .description = "2023-24 has 420 children on Interim Care Orders and 278 looked after.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {CLA,
                          {"Number of children subject to Interim Care Orders",
                           {NUM(20), NUM(41), NUM(420)}}}}}},
    /* A period where the looked-after count is blank is not checked. */
    {.name = "rule-RC206-quiet",
     .description = "The 2021-22 looked-after count is blank; every other period holds the "
                    "rule.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {{"Number of Looked After Children", {BLANK, NUM(258), NUM(278)}},
                          ICO},
                 .footnote = "The 2021-22 count of looked after children is not available."}}},

    /* RC301: 280.5 looked-after children, shown as 281 by the 0 format. */
    {.name = "rule-RC301-fires",
     .description = "The 2022-23 looked-after count is 280.5, shown 281.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {CP_PLANS,
                          {"Number of Looked After Children", {NUM(229), NUM(280.5), NUM(278)}},
                          ICO}}}},
    /* 0 is a count. */
    {.name = "rule-RC301-quiet",
     .description = "No child on an Interim Care Order in 2021-22: a count of 0.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {CP_PLANS,
                          CLA,
                          {"Number of children subject to Interim Care Orders",
                           {NUM(0), NUM(41), NUM(42)}}}}}},

    /* RC302: 104% of assessments within 45 days. */
    {.name = "rule-RC302-fires",
     .description = "104% of assessments completed within 45 days in 2023-24.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {TWO_YEARS},
                 .rows = {{"Number of assessments completed", {NUM(1710), NUM(1795)}},
                          {"% of assessments completed within 45 days",
                           {PCT(0.91), PCT(1.04)}}}}}},
    /* 100% is the maximum, not beyond it. */
    {.name = "rule-RC302-quiet",
     .description = "100% of assessments completed within 45 days in 2023-24.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {TWO_YEARS},
                 .rows = {{"Number of assessments completed", {NUM(1710), NUM(1795)}},
                          {"% of assessments completed within 45 days",
                           {PCT(0.91), PCT(1)}}}}}},

    /* RC303: the required looked-after count is blank for 2022-23. */
    {.name = "rule-RC303-fires",
     .description = "The 2022-23 looked-after count, which the schema requires, is blank.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {CP_PLANS,
                          {"Number of Looked After Children", {NUM(229), BLANK, NUM(278)}},
                          ICO}}}},
    /* A required 0 is a value; a blank is allowed where the schema does not require one. */
    {.name = "rule-RC303-quiet",
     .description = "The required counts all present (one of them 0); the 2021-22 child "
                    "protection count, not required, blank.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {{"Number of children subject to a child protection plan",
                           {BLANK, NUM(209), NUM(148)}},
                          CLA,
                          {"Number of children subject to Interim Care Orders",
                           {NUM(0), NUM(41), NUM(42)}}}}}},

    /* RC304: the 2021-22 looked-after count is the text "229". */
    {.name = "rule-RC304-fires",
     .description = "The 2021-22 looked-after count is typed as the text 229.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {CP_PLANS,
                          {"Number of Looked After Children", {TXT("229"), NUM(258), NUM(278)}},
                          ICO}}}},
    /* The same text, in a cell Excel was told not to flag as a number stored as text. */
    {.name = "rule-RC304-quiet",
     .description = "The 2021-22 looked-after count is the text 229, in a cell whose "
                    "number-stored-as-text warning is ignored.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {CP_PLANS,
                          {"Number of Looked After Children", {TXT("229"), NUM(258), NUM(278)}},
                          ICO},
                 .ignore = LXW_IGNORE_NUMBER_STORED_AS_TEXT,
                 .ignore_range = "B5"}}},

    /* RC305: 64 among 87% and 91%. */
    {.name = "rule-RC305-fires",
     .description = "The 2023-24 percentage is 64 where 2021-22 and 2022-23 hold 0.87 and 0.91 "
                    "shown 87% and 91%.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {ASSESSMENTS,
                          {"% of assessments completed within 45 days",
                           {PCT(0.87), PCT(0.91), GEN(64)}}}}}},
    /* A row written in whole percentages throughout uses one scale. */
    {.name = "rule-RC305-quiet",
     .description = "The percentages are whole numbers throughout: 87, 91 and 64.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {ASSESSMENTS,
                          {"% of assessments completed within 45 days",
                           {NUM(87), NUM(91), NUM(64)}}}}}},

    /* RC306: the text "64%". */
    {.name = "rule-RC306-fires",
     .description = "The 2023-24 percentage is the text 64%.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {ASSESSMENTS,
                          {"% of assessments completed within 45 days",
                           {PCT(0.87), PCT(0.91), TXT("64%")}}}}}},
    /* 0.64 with a 0% format shows the same 64%, stored as a number. */
    {.name = "rule-RC306-quiet",
     .description = "The 2023-24 percentage is the number 0.64 shown 64%.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {ASSESSMENTS,
                          {"% of assessments completed within 45 days",
                           {PCT(0.87), PCT(0.91), PCT(0.64)}}}}}},

    /* RC307: a count suppressed with c. */
    {.name = "rule-RC307-fires",
     .description = "The 2021-22 count of Interim Care Orders is suppressed (c).",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {CP_PLANS,
                          CLA,
                          {"Number of children subject to Interim Care Orders",
                           {TXT("c"), NUM(41), NUM(42)}}},
                 .footnote = "c: suppressed, fewer than 5 children."}}},
    /* A small count published as it is; the marker only in the key below the table. */
    {.name = "rule-RC307-quiet",
     .description = "The 2021-22 count of Interim Care Orders is 3; the key below the table "
                    "explains c.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {CP_PLANS,
                          CLA,
                          {"Number of children subject to Interim Care Orders",
                           {NUM(3), NUM(41), NUM(42)}}},
                 .footnote = "c: suppressed, fewer than 5 children."}}},

    /* RC308: n/a in a count. */
    {.name = "rule-RC308-fires",
     .description = "The 2021-22 count of Interim Care Orders is n/a.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {CP_PLANS,
                          CLA,
                          {"Number of children subject to Interim Care Orders",
                           {TXT("n/a"), NUM(41), NUM(42)}}}}}},
    /* The same n/a, which this schema lists as a suppression marker. */
    {.name = "rule-RC308-quiet",
     .description = "The 2021-22 count of Interim Care Orders is n/a, a marker the schema "
                    "lists.",
     .sheets = {{.name = "Activity",
                 .title = ACTIVITY_TITLE,
                 .header = {YEARS},
                 .rows = {CP_PLANS,
                          CLA,
                          {"Number of children subject to Interim Care Orders",
                           {TXT("n/a"), NUM(41), NUM(42)}}}}}},

    /* RC401: +40% from Q1 (150) to Q2 (210), beyond 25%. */
    {.name = "rule-RC401-fires",
     .description = "Looked after children rise from 150 to 210 (+40%) from Q1 to Q2.",
     .sheets = {{.name = "Activity",
                 .title = "Table 6: Children's social care activity by quarter",
                 .header = {QUARTERS},
                 .rows = {{"Number of Looked After Children",
                           {NUM(150), NUM(210), NUM(205), NUM(198)}},
                          {"Number of children subject to a child protection plan",
                           {NUM(171), NUM(165), NUM(158), NUM(148)}}}}}},
    /* +25% from 160 to 200 is at the limit, not beyond it. */
    {.name = "rule-RC401-quiet",
     .description = "Looked after children rise from 160 to 200 (+25%) from Q1 to Q2.",
     .sheets = {{.name = "Activity",
                 .title = "Table 6: Children's social care activity by quarter",
                 .header = {QUARTERS},
                 .rows = {{"Number of Looked After Children",
                           {NUM(160), NUM(200), NUM(205), NUM(198)}},
                          {"Number of children subject to a child protection plan",
                           {NUM(171), NUM(165), NUM(158), NUM(148)}}}}}},

    /* RC501: D5 was changed from 418 to 428 after the total was calculated. */
    {.name = "rule-RC501-fires",
     .description = "The 2023-24 total holds 1302; its inputs now add up to 1312.",
     .sheets = {{.name = "Children in need",
                 .title = CIN_TITLE,
                 .header = {YEARS},
                 .rows = {{CIN_UNDER_5, {NUM(312), NUM(330), NUM(341)}},
                          {CIN_5_TO_9, {NUM(401), NUM(396), NUM(428)}},
                          {CIN_10_PLUS, {NUM(502), NUM(522), NUM(543)}},
                          {CIN_TOTAL,
                           {FML("=SUM(B4:B6)", 1215), FML("=SUM(C4:C6)", 1248),
                            FML("=SUM(D4:D6)", 1302)}}}}}},
    /* D4 was changed from 340 to 341 after E4 was calculated: 9.0% and 9.3% both show 9%. */
    {.name = "rule-RC501-quiet",
     .description = "The under-5 % change holds 0.0897 (9%); its formula now gives 0.0929 "
                    "(9%).",
     .sheets = {{.name = "Children in need",
                 .title = CIN_TITLE,
                 .header = {YEARS, TXT("% change")},
                 .rows = {{CIN_UNDER_5,
                           {NUM(312), NUM(330), NUM(341),
                            FML_PCT("=(D4-B4)/B4", (340.0 - 312.0) / 312.0)}},
                          {CIN_5_TO_9,
                           {NUM(401), NUM(396), NUM(418),
                            FML_PCT("=(D5-B5)/B5", (418.0 - 401.0) / 401.0)}},
                          {CIN_10_PLUS,
                           {NUM(502), NUM(522), NUM(543),
                            FML_PCT("=(D6-B6)/B6", (543.0 - 502.0) / 502.0)}}}}}},

    /* RC502: D7 sums two rows where B7 and C7 sum three. */
    {.name = "rule-RC502-fires",
     .description = "The 2023-24 total is =SUM(D4:D5); the other totals sum three rows.",
     .sheets = {{.name = "Children in need",
                 .title = CIN_TITLE,
                 .header = {YEARS},
                 .rows = {{CIN_UNDER_5, {NUM(312), NUM(330), NUM(341)}},
                          {CIN_5_TO_9, {NUM(401), NUM(396), NUM(418)}},
                          {CIN_10_PLUS, {NUM(502), NUM(522), NUM(543)}},
                          {CIN_TOTAL,
                           {FML("=SUM(B4:B6)", 1215), FML("=SUM(C4:C6)", 1248),
                            FML("=SUM(D4:D5)", 759)}}}}}},
    /* The same formula, marked in the file as differing from its neighbours on purpose. */
    {.name = "rule-RC502-quiet",
     .description = "The 2023-24 total is =SUM(D4:D5), with Excel's inconsistent-formula "
                    "warning ignored.",
     .sheets = {{.name = "Children in need",
                 .title = CIN_TITLE,
                 .header = {YEARS},
                 .rows = {{CIN_UNDER_5, {NUM(312), NUM(330), NUM(341)}},
                          {CIN_5_TO_9, {NUM(401), NUM(396), NUM(418)}},
                          {CIN_10_PLUS, {NUM(502), NUM(522), NUM(543)}},
                          {CIN_TOTAL,
                           {FML("=SUM(B4:B6)", 1215), FML("=SUM(C4:C6)", 1248),
                            FML("=SUM(D4:D5)", 759)}}},
                 .footnote = "The 2023-24 total counts children under 10; children aged 10 "
                             "and over moved to the adolescent service.",
                 .ignore = LXW_IGNORE_FORMULA_DIFFERS,
                 .ignore_range = "D7"}}},

    /* RC503: 1238 typed between two totals. */
    {.name = "rule-RC503-fires",
     .description = "The 2022-23 total is the typed number 1238 between two SUM formulas.",
     .sheets = {{.name = "Children in need",
                 .title = CIN_TITLE,
                 .header = {YEARS},
                 .rows = {{CIN_UNDER_5, {NUM(312), NUM(330), NUM(341)}},
                          {CIN_5_TO_9, {NUM(401), NUM(396), NUM(418)}},
                          {CIN_10_PLUS, {NUM(502), NUM(522), NUM(543)}},
                          {CIN_TOTAL,
                           {FML("=SUM(B4:B6)", 1215), NUM(1238),
                            FML("=SUM(D4:D6)", 1302)}}}}}},
    /* A year-to-date total restarts with a typed figure that the next formula builds on. */
    {.name = "rule-RC503-quiet",
     .description = "The year-to-date row restarts at Q1 2023-24 with a typed 10 that the Q2 "
                    "formula adds to.",
     .sheets = {{.name = "Adoptions",
                 .title = "Table 7: Children adopted by quarter",
                 .header = {TXT("Q1 2022-23"), TXT("Q2 2022-23"), TXT("Q3 2022-23"),
                            TXT("Q4 2022-23"), TXT("Q1 2023-24"), TXT("Q2 2023-24")},
                 .rows = {{"Children adopted in the quarter",
                           {NUM(9), NUM(12), NUM(8), NUM(11), NUM(10), NUM(7)}},
                          {"Children adopted, year to date",
                           {NUM(9), FML("=B5+C4", 21), FML("=C5+D4", 29), FML("=D5+E4", 40),
                            NUM(10), FML("=F5+G4", 17)}}}}}},

    /* RC504: a % change from 0 gives #DIV/0!. */
    {.name = "rule-RC504-fires",
     .description = "The % change of a service that started in 2022-23 shows #DIV/0!.",
     .sheets = {{.name = "Placements",
                 .title = "Table 8: Placements of looked after children",
                 .header = {YEARS, TXT("% change")},
                 .rows = {{"Children placed with foster carers",
                           {NUM(152), NUM(170), NUM(181),
                            FML_PCT("=(D4-B4)/B4", (181.0 - 152.0) / 152.0)}},
                          {"Children placed in residential children's homes",
                           {NUM(31), NUM(28), NUM(33),
                            FML_PCT("=(D5-B5)/B5", (33.0 - 31.0) / 31.0)}},
                          {"Children placed with parents",
                           {NUM(19), NUM(17), NUM(16),
                            FML_PCT("=(D6-B6)/B6", (16.0 - 19.0) / 19.0)}},
                          {"Children placed in the council's own children's homes",
                           {NUM(0), NUM(6), NUM(9), FML_ERR("=(D7-B7)/B7", "#DIV/0!")}}}}}},
    /* The formulas give #N/A on purpose where there is no change to show. */
    {.name = "rule-RC504-quiet",
     .description = "The % change formulas give NA() where the first year is 0.",
     .sheets = {{.name = "Placements",
                 .title = "Table 8: Placements of looked after children",
                 .header = {YEARS, TXT("% change")},
                 .rows = {{"Children placed with foster carers",
                           {NUM(152), NUM(170), NUM(181),
                            FML_PCT("=IF(B4=0,NA(),(D4-B4)/B4)", (181.0 - 152.0) / 152.0)}},
                          {"Children placed in residential children's homes",
                           {NUM(31), NUM(28), NUM(33),
                            FML_PCT("=IF(B5=0,NA(),(D5-B5)/B5)", (33.0 - 31.0) / 31.0)}},
                          {"Children placed with parents",
                           {NUM(19), NUM(17), NUM(16),
                            FML_PCT("=IF(B6=0,NA(),(D6-B6)/B6)", (16.0 - 19.0) / 19.0)}},
                          {"Children placed in the council's own children's homes",
                           {NUM(0), NUM(6), NUM(9),
                            FML_ERR("=IF(B7=0,NA(),(D7-B7)/B7)", "#N/A")}}}}}},

    /* RC505: =D4+D5+D6 with D5 blank between two figures. */
    {.name = "rule-RC505-fires",
     .description = "The 2023-24 total adds D5, which is blank between two figures.",
     .sheets = {{.name = "Children in need",
                 .title = CIN_TITLE,
                 .header = {YEARS},
                 .rows = {{CIN_UNDER_5, {NUM(312), NUM(330), NUM(341)}},
                          {CIN_5_TO_9, {NUM(401), NUM(396), BLANK}},
                          {CIN_10_PLUS, {NUM(502), NUM(522), NUM(543)}},
                          {CIN_TOTAL,
                           {FML("=B4+B5+B6", 1215), FML("=C4+C5+C6", 1248),
                            FML("=D4+D5+D6", 884)}}}}}},
    /* SUM passes over the same blank. */
    {.name = "rule-RC505-quiet",
     .description = "The 2023-24 total is =SUM(D4:D6), over the same blank D5.",
     .sheets = {{.name = "Children in need",
                 .title = CIN_TITLE,
                 .header = {YEARS},
                 .rows = {{CIN_UNDER_5, {NUM(312), NUM(330), NUM(341)}},
                          {CIN_5_TO_9, {NUM(401), NUM(396), BLANK}},
                          {CIN_10_PLUS, {NUM(502), NUM(522), NUM(543)}},
                          {CIN_TOTAL,
                           {FML("=SUM(B4:B6)", 1215), FML("=SUM(C4:C6)", 1248),
                            FML("=SUM(D4:D6)", 884)}}}}}},
};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_rule_inputs OUTPUT-DIR\n"
                        "Writes the rule golden tests' workbooks (rule-*.xlsx) into "
                        "OUTPUT-DIR.\n");
        return 2;
    }
    for (size_t i = 0; i < sizeof books / sizeof books[0]; ++i)
        if (write_book(argv[1], &books[i]) != 0)
            return 1;
    return 0;
}
