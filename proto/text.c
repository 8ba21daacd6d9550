/* text.c: the rules for text fields of requests (see text.h). */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One string field of a request message and its kind. */
struct text_field {
	const char	*message, *field;
	enum text_kind	 kind;
	const char	*zh, *en;
};

/* Every string field a request can carry (test_text checks that none is
 * missing). */
static const struct text_field text_fields[] = {
	{ "BodyCreate", "name", TEXT_NAME, "机构名称", "body name" },
	{ "BodyCreate", "kind", TEXT_WORD, "机构类型", "body kind" },
	{ "BodyCreate", "profile", TEXT_WORD, "议事规则", "profile" },
	{ "SeatAdd", "identity", TEXT_IDENT, "身份名", "identity" },
	{ "SeatAdd", "display", TEXT_DISPLAY, "显示姓名", "display name" },
	{ "SeatAdd", "role", TEXT_WORD, "角色", "role" },
	{ "SeatRemove", "identity", TEXT_IDENT, "身份名", "identity" },
	{ "IdentityDisable", "name", TEXT_IDENT, "身份名", "identity" },
	{ "IdentityRegister", "name", TEXT_IDENT, "身份名", "identity" },
	{ "IdentityRegister", "cert_pem", TEXT_PEM, "证书", "certificate" },
	{ "CalendarSet", "date", TEXT_WORD, "日期", "date" },
	{ "MemberRef", "member", TEXT_IDENT, "成员", "member" },
	{ "ItemMember", "identity", TEXT_IDENT, "身份名", "identity" },
	{ "ItemText", "text", TEXT_LONG, "文字", "text" },
	{ "MeetingSchedule", "title", TEXT_NAME, "会议名称", "title" },
	{ "MeetingSchedule", "at", TEXT_WORD, "会议时间", "time" },
	{ "MeetingSchedule", "place", TEXT_NAME, "地点", "place" },
	{ "MeetingSchedule", "reason", TEXT_REASON, "紧急理由", "reason" },
	{ "MeetingDelegate", "chair", TEXT_IDENT, "受托主持人", "chair" },
	{ "AgendaPropose", "title", TEXT_NAME, "议题名称", "title" },
	{ "AgendaPropose", "category", TEXT_WORD, "议题类别", "category" },
	{ "AgendaPropose", "domain", TEXT_WORD, "分管领域", "domain" },
	{ "AgendaPropose", "responsible", TEXT_IDENT, "分管负责人",
	    "responsible" },
	{ "AgendaPropose", "reason", TEXT_REASON, "紧急理由", "reason" },
	{ "Material", "name", TEXT_NAME, "材料名称", "material name" },
	{ "LeaveRequest", "reason", TEXT_REASON, "请假理由", "reason" },
	{ "AttendanceMark", "member", TEXT_IDENT, "成员", "member" },
	{ "Recuse", "member", TEXT_IDENT, "成员", "member" },
	{ "Recuse", "reason", TEXT_REASON, "回避理由", "reason" },
	{ "Opinion", "position", TEXT_WORD, "意见", "position" },
	{ "Opinion", "text", TEXT_LONG, "书面意见", "opinion" },
	{ "State", "position", TEXT_WORD, "表态", "position" },
	{ "State", "text", TEXT_LONG, "发言", "statement" },
	{ "VoteOpen", "method", TEXT_WORD, "表决方式", "method" },
	{ "VoteCast", "choice", TEXT_WORD, "表决意见", "choice" },
	{ "VoteCast", "for_member", TEXT_IDENT, "代录成员", "member" },
	{ "VoteOpen", "scrutineers", TEXT_IDENT, "监票人", "scrutineer" },
	{ "VoteBallots", "after", TEXT_IDENT, "翻页位置", "page cursor" },
	{ "Dissent", "text", TEXT_LONG, "保留意见", "dissent" },
	{ "FollowupAssign", "unit", TEXT_NAME, "承办单位", "unit" },
	{ "FollowupAssign", "person", TEXT_IDENT, "责任人", "person" },
	{ "FollowupAssign", "due", TEXT_WORD, "完成期限", "due date" },
	{ "FollowupProgress", "text", TEXT_LONG, "进展", "report" },
	{ "DisposalRecord", "title", TEXT_NAME, "处置事项", "title" },
	{ "DisposalRecord", "text", TEXT_LONG, "处置情况", "text" },
	{ "DisposalRecord", "category", TEXT_WORD, "事项类别", "category" },
	{ "MinutesCorrect", "text", TEXT_LONG, "更正", "corrigendum" },
	{ "Page", "after_name", TEXT_IDENT, "翻页位置", "page cursor" },
};

/* The limit of each kind, characters (the table of text.h). */
static const size_t text_limits[] = {
	[TEXT_WORD] = 64,
	[TEXT_IDENT] = 64,
	[TEXT_DISPLAY] = 100,
	[TEXT_NAME] = 200,
	[TEXT_REASON] = 2000,
	[TEXT_LONG] = 10000,
	[TEXT_PEM] = 16384,
};

/* The largest number of characters a kind holds. */
size_t
text_limit(enum text_kind kind)
{
	return text_limits[kind];
}

/* Decodes one UTF-8 character at s (n bytes left) into *cp; returns its
 * length, or 0 when it is not valid (overlong, surrogate, past U+10FFFF,
 * cut short). */
static size_t
text_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return len;
}

/* True for a bidirectional control: marks, embeddings, overrides and
 * isolates, which reorder what a reader sees. */
static bool
text_bidi(uint32_t c)
{
	return c == 0x061C || c == 0x200E || c == 0x200F ||
	    (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* True for whitespace, ASCII and Unicode. */
static bool
text_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
	    c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
	    c == 0x205F || c == 0x3000;
}

/* True for a character that shows nothing: format characters, fillers,
 * variation selectors and tags. */
static bool
text_invisible(uint32_t c)
{
	return c == 0xAD || c == 0x034F || c == 0x115F || c == 0x1160 ||
	    c == 0x17B4 || c == 0x17B5 || (c >= 0x180B && c <= 0x180F) ||
	    (c >= 0x200B && c <= 0x200D) || (c >= 0x2060 && c <= 0x2064) ||
	    (c >= 0x206A && c <= 0x206F) || c == 0x3164 ||
	    (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0 ||
	    (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0x1D173 && c <= 0x1D17A) ||
	    (c >= 0xE0000 && c <= 0xE0FFF) || text_bidi(c);
}

/* Fills v with a fault found in a value of kind. */
static enum text_fault
text_fault(struct text_verdict *v, enum text_kind kind, enum text_fault f,
    uint32_t cp, size_t chars)
{
	v->fault = f;
	v->kind = kind;
	v->limit = text_limits[kind];
	v->cp = cp;
	v->chars = chars;
	return f;
}

/* Checks len bytes of s against kind; fills v (fault TEXT_OK when fine). */
enum text_fault
text_check(enum text_kind kind, const char *s, size_t len,
    struct text_verdict *v)
{
	const unsigned char *p = (const unsigned char *)s;
	bool lines = kind == TEXT_REASON || kind == TEXT_LONG ||
	    kind == TEXT_PEM, visible = false;
	size_t i = 0, chars = 0, k;
	uint32_t c;

	v->zh = v->en = NULL;
	while (i < len) {
		if ((k = text_utf8(p + i, len - i, &c)) == 0)
			return text_fault(v, kind, TEXT_BAD_UTF8, p[i], chars);
		i += k;
		chars++;
		if (c == 0)
			return text_fault(v, kind, TEXT_NUL, c, chars);
		if (c == '\n' || c == '\t' || (c == '\r' && kind == TEXT_PEM)) {
			if (!lines)
				return text_fault(v, kind, c == '\t' ?
				    TEXT_CONTROL : TEXT_NEWLINE, c, chars);
		} else if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
			return text_fault(v, kind, TEXT_CONTROL, c, chars);
		else if (c == 0x2028 || c == 0x2029)
			return text_fault(v, kind, TEXT_NEWLINE, c, chars);
		else if (text_bidi(c))
			return text_fault(v, kind, TEXT_BIDI, c, chars);
		if (!text_space(c) && !text_invisible(c))
			visible = true;
	}
	if (chars > text_limits[kind])
		return text_fault(v, kind, TEXT_TOO_LONG, 0, chars);
	if (len > 0 && !visible)
		return text_fault(v, kind, TEXT_INVISIBLE, 0, chars);
	return text_fault(v, kind, TEXT_OK, 0, chars);
}

/* The kind of a request's string field (see text.h). */
bool
text_field_kind(const char *message, const char *field, enum text_kind *kind,
    const char **zh, const char **en)
{
	size_t i;

	for (i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++)
		if (strcmp(text_fields[i].message, message) == 0 &&
		    strcmp(text_fields[i].field, field) == 0) {
			*kind = text_fields[i].kind;
			*zh = text_fields[i].zh;
			*en = text_fields[i].en;
			return true;
		}
	return false;
}

/* Checks one string of field fd in message d (a field the table lacks is
 * held to the name kind). */
static bool
text_field_ok(const ProtobufCMessageDescriptor *d,
    const ProtobufCFieldDescriptor *fd, const char *s, size_t len,
    struct text_verdict *v)
{
	enum text_kind kind = TEXT_NAME;
	const char *zh = fd->name, *en = fd->name;

	(void)text_field_kind(d->short_name, fd->name, &kind, &zh, &en);
	if (text_check(kind, s, len, v) == TEXT_OK)
		return true;
	v->zh = zh;
	v->en = en;
	return false;
}

/* Checks the string fields of m and of the messages inside it. */
static bool
text_message_ok(const ProtobufCMessage *m, struct text_verdict *v)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const void *const *e;
	unsigned i;
	size_t k, n;

	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *fd = &d->fields[i];
		const char *p = (const char *)m + fd->offset;
		const char *q = (const char *)m + fd->quantifier_offset;

		if (fd->type != PROTOBUF_C_TYPE_STRING &&
		    fd->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if ((fd->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)q != fd->id)
			continue;	/* another member of the oneof */
		if (fd->label == PROTOBUF_C_LABEL_REPEATED) {
			n = *(const size_t *)q;
			e = *(const void *const *const *)p;
		} else {
			n = 1;
			e = (const void *const *)p;
		}
		for (k = 0; k < n; k++) {
			if (e[k] == NULL)
				continue;
			if (fd->type == PROTOBUF_C_TYPE_MESSAGE ?
			    !text_message_ok(e[k], v) :
			    !text_field_ok(d, fd, e[k], strlen(e[k]), v))
				return false;
		}
	}
	return true;
}

/* Checks every string field of a request (see text.h). */
bool
text_request_check(const Yishi__Request *rq, struct text_verdict *v)
{
	v->fault = TEXT_OK;
	return text_message_ok(&rq->base, v);
}

/* Reads a varint at *i of buf (len bytes); false when cut short. */
static bool
text_varint(const uint8_t *buf, size_t len, size_t *i, uint64_t *out)
{
	uint64_t x = 0;
	unsigned shift = 0;

	while (*i < len && shift < 64) {
		uint8_t b = buf[(*i)++];

		x |= (uint64_t)(b & 0x7F) << shift;
		if ((b & 0x80) == 0) {
			*out = x;
			return true;
		}
		shift += 7;
	}
	return false;
}

/* Walks the encoded message d in buf (len bytes) for a string field with
 * a NUL; false (v filled) when one has. Bytes that do not parse end the
 * walk: decoding has refused them already. */
static bool
text_wire_walk(const ProtobufCMessageDescriptor *d, const uint8_t *buf,
    size_t len, struct text_verdict *v)
{
	const ProtobufCFieldDescriptor *fd;
	uint64_t tag, n;
	size_t i = 0;

	while (i < len) {
		if (!text_varint(buf, len, &i, &tag) || tag >> 3 > UINT32_MAX)
			return true;
		fd = protobuf_c_message_descriptor_get_field(d,
		    (unsigned)(tag >> 3));
		switch (tag & 7) {
		case 0:
			if (!text_varint(buf, len, &i, &n))
				return true;
			break;
		case 1:
			i += 8;
			break;
		case 5:
			i += 4;
			break;
		case 2:
			if (!text_varint(buf, len, &i, &n) || n > len - i)
				return true;
			if (fd != NULL && fd->type == PROTOBUF_C_TYPE_STRING &&
			    memchr(buf + i, '\0', (size_t)n) != NULL) {
				(void)text_field_ok(d, fd, (const char *)buf + i,
				    (size_t)n, v);
				return false;
			}
			if (fd != NULL && fd->type == PROTOBUF_C_TYPE_MESSAGE &&
			    !text_wire_walk(fd->descriptor, buf + i, (size_t)n,
			    v))
				return false;
			i += (size_t)n;
			break;
		default:
			return true;
		}
	}
	return true;
}

/* Checks an encoded Frame for a NUL inside a string (see text.h). */
bool
text_wire_check(const uint8_t *buf, size_t len, struct text_verdict *v)
{
	v->fault = TEXT_OK;
	return text_wire_walk(&yishi__frame__descriptor, buf, len, v);
}

/* Puts v as one sentence into buf (see text.h). */
void
text_message(const struct text_verdict *v, bool en, char *buf, size_t size)
{
	const char *what = en ? (v->en ? v->en : "text") :
	    (v->zh ? v->zh : "文字");

	switch (v->fault) {
	case TEXT_OK:
		snprintf(buf, size, "%s", en ? "fine" : "无误");
		break;
	case TEXT_TOO_LONG:
		snprintf(buf, size, en ? "%s is too long: at most %zu "
		    "characters (this one has %zu)" : "%s过长：最多 %zu 个字符"
		    "（本次 %zu 个）", what, v->limit, v->chars);
		break;
	case TEXT_BAD_UTF8:
		snprintf(buf, size, en ? "%s is not valid UTF-8 text" :
		    "%s不是有效的 UTF-8 文字", what);
		break;
	case TEXT_NUL:
		snprintf(buf, size, en ? "%s contains a NUL character" :
		    "%s含有空字符（NUL）", what);
		break;
	case TEXT_CONTROL:
		snprintf(buf, size, en ? "%s contains a control character "
		    "(U+%04X)" : "%s含有控制字符（U+%04X）", what,
		    (unsigned)v->cp);
		break;
	case TEXT_NEWLINE:
		snprintf(buf, size, en ? "%s must be one line" :
		    "%s须为一行，不能换行", what);
		break;
	case TEXT_BIDI:
		snprintf(buf, size, en ? "%s contains a bidirectional control "
		    "character (U+%04X)" : "%s含有改变文字方向的控制字符"
		    "（U+%04X）", what, (unsigned)v->cp);
		break;
	case TEXT_INVISIBLE:
		snprintf(buf, size, en ? "%s has no visible character" :
		    "%s没有可见的字符", what);
		break;
	}
}

/* Decodes the character at s of a NUL-terminated string; its length, or
 * 0 when not valid UTF-8. */
static size_t
text_utf8z(const unsigned char *s, uint32_t *cp)
{
	return text_utf8(s, strnlen((const char *)s, 4), cp);
}

#define TEXT_RAW 0x80000000u	/* a byte that is not UTF-8, as it is */

/* The next character of a display name as compared (see text_same_name):
 * advances *s; returns 0 at the end, ' ' for a run of whitespace between
 * visible characters (none at either end), and drops invisible ones. */
static uint32_t
text_fold_next(const unsigned char **s, bool first)
{
	bool space = false;
	uint32_t c;
	size_t k;

	for (;;) {
		if (**s == '\0')
			return 0;
		if ((k = text_utf8z(*s, &c)) == 0) {
			if (space && !first)
				return ' ';
			return TEXT_RAW | *(*s)++;	/* not UTF-8: a byte */
		}
		if (text_space(c) || text_invisible(c)) {
			space = space || text_space(c);
			*s += k;
			continue;
		}
		if (space && !first)
			return ' ';	/* *s stays on c: read next time */
		*s += k;
		break;
	}
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	return c;
}

/* Writes the comparison key of a display name into out (see text.h). */
void
text_name_key(const char *s, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	bool first = true;
	uint32_t c;
	char *o = out;

	while ((c = text_fold_next(&p, first)) != 0) {
		first = false;
		if (c & TEXT_RAW)
			*o++ = (char)(c & 0xFF);
		else if (c < 0x80)
			*o++ = (char)c;
		else if (c < 0x800) {
			*o++ = (char)(0xC0 | c >> 6);
			*o++ = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			*o++ = (char)(0xE0 | c >> 12);
			*o++ = (char)(0x80 | (c >> 6 & 0x3F));
			*o++ = (char)(0x80 | (c & 0x3F));
		} else {
			*o++ = (char)(0xF0 | c >> 18);
			*o++ = (char)(0x80 | (c >> 12 & 0x3F));
			*o++ = (char)(0x80 | (c >> 6 & 0x3F));
			*o++ = (char)(0x80 | (c & 0x3F));
		}
	}
	*o = '\0';
}

/* True when two display names would read the same (see text.h). */
bool
text_same_name(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	bool first = true;
	uint32_t x, y;

	do {
		x = text_fold_next(&p, first);
		y = text_fold_next(&q, first);
		first = false;
		if (x != y)
			return false;
	} while (x != 0);
	return true;
}

/* Orders seats by identity, a proposed seat before the existing one
 * (qsort). */
static int
text_seat_by_identity(const void *x, const void *y)
{
	const struct text_seat *a = x, *b = y;
	int c = strcmp(a->identity, b->identity);

	return c != 0 ? c : (int)b->proposed - (int)a->proposed;
}

/* Orders seats by key, dropped ones (no key) last (qsort). */
static int
text_seat_by_key(const void *x, const void *y)
{
	const struct text_seat *a = x, *b = y;

	if (a->key == NULL || b->key == NULL)
		return (a->key == NULL) - (b->key == NULL);
	return strcmp(a->key, b->key);
}

/* Finds two seats that would share a display name (see text.h). */
bool
text_seats_clash(struct text_seat *s, size_t n, size_t *a, size_t *b)
{
	size_t i;

	if (n < 2)
		return false;
	qsort(s, n, sizeof *s, text_seat_by_identity);
	for (i = 1; i < n; i++)
		if (strcmp(s[i - 1].identity, s[i].identity) == 0 &&
		    !s[i].proposed)
			s[i].key = NULL;	/* replaced by the proposed one */
	qsort(s, n, sizeof *s, text_seat_by_key);
	for (i = 1; i < n && s[i].key != NULL; i++)
		if (strcmp(s[i - 1].key, s[i].key) == 0 &&
		    s[i].key[0] != '\0' &&
		    (s[i - 1].proposed || s[i].proposed)) {
			*a = i - 1;
			*b = i;
			return true;
		}
	return false;
}
