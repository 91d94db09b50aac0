/* Writes the workbooks of the records-table rule golden tests (RC107, RC309 to RC314): a list of
 * contacts, one per row, under a title row and a blank row, where the rule must report
 * (rule-<id>-fires.xlsx) and a near miss where it must not (rule-<id>-quiet.xlsx). Every case
 * is the same three clean records with one header or one cell changed; the case folders
 * tests/golden/rule-<id>-fires and -quiet hold the schema and the report expected. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#define GENERATOR "make_records_inputs"
#include "../../samples/fixed_workbook.h"

#define COLUMNS 5
#define RECORDS 3
#define HEADER_ROW 2 /* 0-based: row 3, under the title and a blank row */

static const char *const headers[COLUMNS] = {"Reference", "Age", "Date received", "Outcome", "Repeat contact"};

/* A cell: "" blank; "t..." text; "n..." a number; "d2023-07-03" a date cell; "b1", "b0" TRUE, FALSE. */
static const char *const records[RECORDS][COLUMNS] = {
    {"tAB0001", "n4", "d2023-07-03", "tNFA", "b0"},
    {"tAB0002", "n11", "d2023-07-05", "tReferral", "b1"},
    {"tAB0003", "n16", "d2023-08-14", "tEarly help", "tno"},
};

/* One case: the clean records with one header (column >= 0) or one cell (record >= 0) changed. */
struct variant {
    const char *name;
    int header_col;
    const char *header;
    int record;
    int col;
    const char *cell;
};

static const struct variant variants[] = {
    {"rule-RC107-fires", 2, "Date recieved", -1, 0, NULL},
    {"rule-RC107-quiet", 2, "Date received (1)", -1, 0, NULL},
    {"rule-RC309-fires", -1, NULL, 1, 2, ""},
    {"rule-RC309-quiet", -1, NULL, 1, 1, ""}, /* a blank age: the column is not required */
    {"rule-RC310-fires", -1, NULL, 1, 2, "t31/02/2023"},
    {"rule-RC310-quiet", -1, NULL, 1, 2, "t28/02/2023"},
    {"rule-RC311-fires", -1, NULL, 2, 1, "n18"},
    {"rule-RC311-quiet", -1, NULL, 2, 1, "n17"},
    {"rule-RC312-fires", -1, NULL, 1, 3, "tRefer"},
    {"rule-RC312-quiet", -1, NULL, 1, 3, "treferral"},
    {"rule-RC313-fires", -1, NULL, 1, 0, "tAB00002"},
    {"rule-RC313-quiet", -1, NULL, 1, 0, "tAB0002 "},
    {"rule-RC314-fires", -1, NULL, 2, 0, "tAB0001"},
    {"rule-RC314-quiet", -1, NULL, 2, 0, "tAB0011"},
};

static void write_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *spec, lxw_format *date)
{
    if (spec[0] == '\0')
        return;
    const char *value = spec + 1;
    switch (spec[0]) {
    case 'n':
        check(worksheet_write_number(ws, row, col, strtod(value, NULL), NULL), "writing a number");
        break;
    case 'd': {
        lxw_datetime dt = {0};
        int year = 0, month = 0, day = 0;
        if (sscanf(value, "%d-%d-%d", &year, &month, &day) != 3) {
            fprintf(stderr, "make_records_inputs: bad date '%s'\n", value);
            failed = 1;
            return;
        }
        dt.year = year;
        dt.month = month;
        dt.day = day;
        check(worksheet_write_datetime(ws, row, col, &dt, date), "writing a date");
        break;
    }
    case 'b':
        check(worksheet_write_boolean(ws, row, col, value[0] == '1', NULL), "writing a boolean");
        break;
    default:
        check(worksheet_write_string(ws, row, col, value, NULL), "writing text");
        break;
    }
}

static int write_variant(const char *dir, const struct variant *v)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.xlsx", dir, v->name);
    lxw_workbook *wb = workbook_new(path);
    if (wb == NULL) {
        fprintf(stderr, "make_records_inputs: cannot create %s\n", path);
        return 1;
    }
    lxw_doc_properties props = {0};
    props.title = "Contacts received";
    props.author = "returncheck golden tests";
    props.created = utc_seconds(created_at);
    check(workbook_set_properties(wb, &props), "setting workbook properties");

    lxw_format *title = workbook_add_format(wb);
    format_set_bold(title);
    lxw_format *header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_bottom(header, LXW_BORDER_THIN);
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");

    lxw_worksheet *ws = workbook_add_worksheet(wb, "Contacts");
    check(worksheet_write_string(ws, 0, 0, "Contacts received, July to September 2023", title), "writing the title");
    for (int c = 0; c < COLUMNS; ++c) {
        const char *text = c == v->header_col ? v->header : headers[c];
        check(worksheet_write_string(ws, HEADER_ROW, (lxw_col_t)c, text, header), "writing a header");
    }
    for (int r = 0; r < RECORDS; ++r)
        for (int c = 0; c < COLUMNS; ++c) {
            const char *spec = r == v->record && c == v->col ? v->cell : records[r][c];
            write_cell(ws, (lxw_row_t)(HEADER_ROW + 1 + r), (lxw_col_t)c, spec, date);
        }
    check(worksheet_set_column(ws, 0, COLUMNS - 1, 16, NULL), "setting column widths");

    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) {
        fprintf(stderr, "make_records_inputs: %s: %s\n", path, lxw_strerror(err));
        return 1;
    }
    return failed;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_records_inputs OUTPUT-DIR\n"
                        "Writes the records-table rule cases' workbooks (rule-RC107-*.xlsx, rule-RC309-*.xlsx\n"
                        "to rule-RC314-*.xlsx) into OUTPUT-DIR.\n");
        return 2;
    }
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; ++i)
        if (write_variant(argv[1], &variants[i]) != 0)
            return 1;
    return 0;
}
