/*
 * pl_files.c: file types from content, safe names and downloads.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "pl_escape.h"
#include "pl_files.h"
#include "pl_req.h"
#include "pl_resp.h"

/* The type of the bytes, or NULL when it is not one we accept. */
const char *
pl_file_sniff(const unsigned char *d, size_t n)
{
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && memcmp(d, "\xff\xd8\xff", 3) == 0)
		return "image/jpeg";
	if (n >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
		return "image/gif";
	if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n > 0 && pl_text_valid((const char *)d, n, 1))
		return "text/plain";
	return NULL;
}

/*
 * A name that claims an image or PDF must hold one: "cat.png" with HTML
 * or an executable inside is refused, not stored as text.
 */
int
pl_file_name_matches(const char *name, const char *type)
{
	static const struct { const char *ext, *type; } known[] = {
		{ "png", "image/png" }, { "jpg", "image/jpeg" },
		{ "jpeg", "image/jpeg" }, { "gif", "image/gif" },
		{ "webp", "image/webp" }, { "pdf", "application/pdf" },
	};
	const char	*dot = strrchr(name, '.');
	size_t		 i;

	if (dot == NULL)
		return 1;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcasecmp(dot + 1, known[i].ext) == 0)
			return strcmp(type, known[i].type) == 0;
	return 1;
}

/*
 * Content-Disposition with an ASCII fallback name and the UTF-8 name
 * (RFC 6266 / 5987). The fallback keeps only harmless characters.
 */
void
pl_file_disposition(struct pl_req *r, const char *kind, const char *name)
{
	struct pl_buf	b;

	pl_buf_init(&b);
	pl_buf_printf(&b, "%s; filename=\"", kind);
	pl_esc_filename(&b, name, strlen(name));
	pl_buf_puts(&b, "\"; filename*=UTF-8''");
	pl_esc_url(&b, name, strlen(name));
	pl_header(r, "Content-Disposition", pl_buf_cstr(&b));
	pl_buf_free(&b);
}

void
pl_file_answer(struct pl_req *r, const char *name, const char *type,
    const char *data, size_t len)
{
	/* Only types we sniffed ourselves are ever served as such. */
	if (strncmp(type, "image/", 6) == 0) {
		pl_raw_body(r, 200, strcmp(type, "image/png") == 0 ? "image/png" :
		    strcmp(type, "image/jpeg") == 0 ? "image/jpeg" :
		    strcmp(type, "image/gif") == 0 ? "image/gif" : "image/webp",
		    data, len);
		pl_file_disposition(r, "inline", name);
	} else {
		pl_raw_body(r, 200, strcmp(type, "application/pdf") == 0 ?
		    "application/pdf" : "text/plain; charset=utf-8", data, len);
		pl_file_disposition(r, "attachment", name);
	}
	pl_cache(r, "private, max-age=3600");
}
