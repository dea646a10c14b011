/* binary_only.c: verdicts from the binary and the live process alone (see
 * binary_only.h). */
#include "binary_only.h"

#include <stdlib.h>
#include <string.h>

#include "serve_checks.h"

struct feature {
	const char *check_id;
	const char *what; /* "package plugin (plugin.Open)" */
	const char *skip; /* the summary when absent */
	const char *symbols[4];
};

static const struct feature features[] = {
    {"plugin-mismatch",
     "plugin.Open",
     "the binary does not link package plugin: it opens no Go plugins",
     {"plugin.Open", "plugin.open", NULL}},
    {"config-reload-no-effect",
     "viper's WatchConfig",
     "the binary does not contain viper's WatchConfig: it does not watch its configuration",
     {"github.com/spf13/viper.(*Viper).WatchConfig", "github.com/spf13/viper.WatchConfig", NULL}},
    {"embed-path",
     "embed.FS's methods",
     "the binary has no embed.FS lookups (embed.FS.Open/ReadFile/ReadDir are not linked)",
     {"embed.FS.Open", "embed.FS.ReadFile", "embed.FS.ReadDir", NULL}},
    {"grpc-service-missing",
     "grpc.(*Server).Serve",
     "the binary contains no gRPC server (google.golang.org/grpc.(*Server).Serve is not "
     "linked)",
     {"google.golang.org/grpc.(*Server).Serve", NULL}},
};

int binary_only_absent(const char *check_id, binary_only_has_fn has_fn, void *arg,
		       struct verdict *v)
{
	if (has_fn == NULL || check_id == NULL)
		return 0;
	for (size_t i = 0; i < sizeof features / sizeof features[0]; i++) {
		const struct feature *ft = &features[i];

		if (strcmp(ft->check_id, check_id) != 0)
			continue;
		for (size_t k = 0; k < 4 && ft->symbols[k] != NULL; k++)
			if (has_fn(ft->symbols[k], arg) == 1)
				return 0;
		verdict_set(v, VERDICT_SKIP, "%s", ft->skip);
		verdict_evidence(v,
				 "function table: no %s (judged from the binary: code the "
				 "linker kept is all that can run)",
				 ft->what);
		return 1;
	}
	return 0;
}

int binary_only_grpc_service(const char *func, char *out, size_t outlen)
{
	const char *slash, *name, *last, *end;
	size_t n, len;

	if (func == NULL || outlen == 0)
		return 0;
	slash = strrchr(func, '/');
	name = strchr(slash != NULL ? slash : func, '.');
	if (name == NULL || name[1] != '_')
		return 0;
	name += 2; /* after "._" */
	len = strlen(name);
	if (len <= 8 || strcmp(name + len - 8, "_Handler") != 0)
		return 0;
	end = name + len - 8; /* at "_Handler" */
	last = NULL;
	for (const char *p = name; p < end; p++) {
		if (*p == '_')
			last = p;
		else if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			   (*p >= '0' && *p <= '9')))
			return 0; /* methods, closures ("func1"), generics */
	}
	if (last == NULL || last == name || last + 1 == end)
		return 0;
	n = (size_t)(last - name);
	if (n + 1 > outlen)
		return 0;
	memcpy(out, name, n);
	out[n] = '\0';
	return 1;
}

struct svc {
	char name[128];
	const char *func; /* one handler, for the evidence */
};

void check_grpc_binary_services(const struct grpc_binary_inputs *in, struct verdict *v)
{
	struct svc *svcs = xcalloc(in->nhandlers + 1, sizeof *svcs);
	size_t n = 0, h2 = 0, reflected = 0, tls = 0, missing = 0;

	for (size_t i = 0; i < in->nhandlers; i++) {
		char name[128];
		size_t k;

		if (!binary_only_grpc_service(in->handlers[i], name, sizeof name))
			continue;
		for (k = 0; k < n && strcmp(svcs[k].name, name) != 0; k++)
			;
		if (k == n) {
			memcpy(svcs[n].name, name, sizeof name);
			svcs[n++].func = in->handlers[i];
		}
	}
	if (n == 0) {
		verdict_unknown(v, "no generated gRPC handler (PKG._SERVICE_METHOD_Handler) in "
				   "the function table: the services cannot be named from the "
				   "binary");
		free(svcs);
		return;
	}
	for (size_t k = 0; k < n; k++)
		verdict_evidence(v, "sym:%s service %s is compiled in", svcs[k].func, svcs[k].name);
	if (in->listeners == NULL) {
		verdict_unknown(v, "the process's listeners are unknown (%s)",
				in->listeners_error ? in->listeners_error : "pass --pid");
		free(svcs);
		return;
	}
	for (size_t i = 0; i < in->nlisteners; i++) {
		const struct grpc_listener *l = &in->listeners[i];

		if (l->proto != NULL && strcmp(l->proto, "tls") == 0)
			tls++;
		if (!l->is_h2c)
			continue;
		h2++;
		if (l->reflection_error == NULL) {
			reflected++;
			verdict_evidence(v, "%s serves (reflection %s): %zu service%s", l->addr,
					 l->reflection_version ? l->reflection_version : "?",
					 l->services.n, l->services.n == 1 ? "" : "s");
		} else {
			verdict_evidence(v, "%s speaks HTTP/2 but reflection failed: %s", l->addr,
					 l->reflection_error);
		}
	}
	for (size_t k = 0; k < n && reflected > 0; k++) {
		int found = 0;

		for (size_t i = 0; i < in->nlisteners && !found; i++)
			for (size_t s = 0; s < in->listeners[i].services.n && !found; s++)
				found = serve_checks_service_match(in->listeners[i].services.v[s],
								   svcs[k].name);
		if (!found) {
			missing++;
			verdict_evidence(v,
					 "sym:%s service %s is compiled in but no listener "
					 "serves it",
					 svcs[k].func, svcs[k].name);
		}
	}
	if (missing > 0) {
		verdict_set(v, VERDICT_WARN,
			    "%zu gRPC service%s compiled into the binary %s not served", missing,
			    missing == 1 ? "" : "s", missing == 1 ? "is" : "are");
		verdict_evidence(v, "judged from the binary: a registration behind a flag or "
				    "config links its handlers too; the source shows the "
				    "registration sites");
	} else if (reflected > 0) {
		verdict_set(v, VERDICT_PASS,
			    "every gRPC service compiled into the binary is served (%zu)", n);
	} else if (h2 > 0) {
		verdict_unknown(v,
				"server reflection is not enabled, so the served services "
				"cannot be listed; register reflection (reflection.Register(srv)) "
				"or check with grpcurl and the .proto files");
	} else if (tls > 0) {
		verdict_unknown(v, "the gRPC listener uses TLS; reflection over TLS is not "
				   "attempted (grpcurl -insecure HOST:PORT list)");
	} else {
		verdict_set(v, VERDICT_FAIL,
			    "the binary contains %zu gRPC service%s but no listener of the process "
			    "speaks HTTP/2 (gRPC)",
			    n, n == 1 ? "" : "s");
	}
	free(svcs);
}
