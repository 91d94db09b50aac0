/* What every program that writes workbooks for returncheck shares (samples/make_samples.c and the
 * golden tests' generators): a fixed creation date, so that the same program writes the same
 * bytes every time, and stopping at the first libxlsxwriter failure. Define GENERATOR, the
 * program's name for its messages, before including this. */
#ifndef RETURNCHECK_FIXED_WORKBOOK_H
#define RETURNCHECK_FIXED_WORKBOOK_H

#include <stdio.h>
#include <time.h>

#include <xlsxwriter.h>

/* libxlsxwriter would otherwise stamp docProps/core.xml with the current time. */
static const lxw_datetime created_at = {.year = 2018, .month = 1, .day = 1};

/* Seconds since 1970-01-01 UTC for a calendar date, without mktime's dependence on the local
 * time zone (Howard Hinnant's days-from-civil algorithm). */
static inline time_t utc_seconds(lxw_datetime dt)
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

/* Every call reports failure the same way, so a generator stops at the first one. */
static int failed = 0;

static inline void check(lxw_error err, const char *what)
{
    if (err != LXW_NO_ERROR && !failed) {
        fprintf(stderr, "%s: %s: %s\n", GENERATOR, what, lxw_strerror(err));
        failed = 1;
    }
}

#endif
