#include "lianluo/validate.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "lianluo/text.h"

bool idcard_valid(const char *s)
{
    static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    if (strlen(s) != 18)
        return false;
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        sum += (s[i] - '0') * weight[i];
    }
    if (toupper((unsigned char)s[17]) != check[sum % 11])
        return false;
    char birth[16], canon[11];
    snprintf(birth, sizeof birth, "%.8s", s + 6);
    return date_parse(birth, canon);
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return n > 0;
}

/* Strips an extension ("-123", "转123") from the end; returns the length of the main number. */
static size_t main_number_length(const char *s)
{
    const char *ext = strstr(s, "转");
    if (ext)
        return all_digits(ext + strlen("转"), strlen(ext + strlen("转"))) ? (size_t)(ext - s) : 0;
    return strlen(s);
}

bool phone_valid(const char *s)
{
    size_t n = main_number_length(s);
    if (n == 0)
        return false;
    if (s[0] == '1')
        return n == 11 && all_digits(s, n) && s[1] >= '3' && s[1] <= '9';
    if (s[0] != '0')
        return false;
    /* Landline: 0 + 2-3 digit area code, optional '-', 7-8 digits, optional "-ext". */
    char digits[32];
    size_t d = 0, dashes = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-') {
            if (++dashes > 2)
                return false;
            continue;
        }
        if (!isdigit((unsigned char)s[i]) || d + 1 >= sizeof digits)
            return false;
        digits[d++] = s[i];
    }
    return d >= 10 && d <= 16;
}

void phone_normalize(char *s)
{
    static const char fullwidth_space[] = "\u3000", fullwidth_minus[] = "\uff0d";
    char *out = s;
    for (const char *in = s; *in;) {
        if (*in == ' ' || *in == '\t') {
            in++;
        } else if (strncmp(in, fullwidth_space, 3) == 0) {
            in += 3;
        } else if (strncmp(in, fullwidth_minus, 3) == 0) {
            *out++ = '-';
            in += 3;
        } else if ((unsigned char)in[0] == 0xEF && (unsigned char)in[1] == 0xBC &&
                   (unsigned char)in[2] >= 0x90 && (unsigned char)in[2] <= 0x99) {
            *out++ = (char)('0' + ((unsigned char)in[2] - 0x90)); /* full-width digit */
            in += 3;
        } else {
            *out++ = *in++;
        }
    }
    *out = '\0';
}

bool idcard_matches_birth(const char *id_card, const char *birth)
{
    if (strlen(id_card) != 18 || strlen(birth) != 7)
        return true;
    return memcmp(id_card + 6, birth, 4) == 0 && memcmp(id_card + 10, birth + 5, 2) == 0;
}

enum ll_status phone_check(const char *phone, const char *field, struct ll_error *err)
{
    if (!phone[0] || phone_valid(phone))
        return LL_OK;
    return ll_error_field(err, field,
                          _("电话号码「%s」不正确：手机号是 1 开头的 11 位数字（第二位是 3 到 9），"
                            "座机写成 0737-1234567，分机可写成 0737-1234567-801。"),
                          phone);
}

bool text_field_valid(const char *s, int max_chars)
{
    size_t n = strlen(s);
    if (!text_valid_utf8(s, n))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t')
            return false;
    return (int)text_chars(s) <= max_chars;
}
