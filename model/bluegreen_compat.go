package model

import (
	"fmt"
	"sort"
	"strings"
)

// Finding codes of the blue-green compatibility checks.
const (
	CodeBGPasswordHashing = "BG_PASSWORD_HASHING"
	CodeBGQueueArguments  = "BG_QUEUE_ARGUMENTS"
)

// passwordHashingModules are the password hashing modules RabbitMQ ships,
// the same three on every version warren knows: rabbit_common's
// rabbit_password_hashing_{md5,sha256,sha512}.erl at v3.8.9, v3.10.8,
// v4.0.5 and v4.3.5. A user hashed by any other module (a plugin's) is
// still imported — the importer turns the name into an atom without
// checking it (rabbit_auth_backend_internal:hashing_algorithm/2, v4.0.5) —
// but every login then fails: green cannot compute the hash.
var passwordHashingModules = map[string]bool{
	"rabbit_password_hashing_md5":    true,
	"rabbit_password_hashing_sha256": true,
	"rabbit_password_hashing_sha512": true,
}

// PasswordHashingFindings checks every user of blue's definitions against
// the hashing modules green ships: a user whose module green lacks is a
// blocker (imported, but never able to log in); one without an algorithm
// is a warning (green picks one by the export's version, or its own
// default, which may not be the one that made the hash); MD5 users are
// noted (the pre-3.6 legacy hash, still verified by every version).
func PasswordHashingFindings(d Definitions, green Version) []Finding {
	var unknown, missing, md5 []string
	for _, u := range d.objects("users") {
		name, _ := u["name"].(string)
		if hash, _ := u["password_hash"].(string); hash == "" {
			continue // no password: certificates or another backend
		}
		algo, _ := u["hashing_algorithm"].(string)
		switch {
		case algo == "":
			missing = append(missing, fmt.Sprintf("user %q has a password hash but no hashing_algorithm", name))
		case !passwordHashingModules[algo]:
			unknown = append(unknown, fmt.Sprintf("user %q is hashed with %s", name, algo))
		case algo == "rabbit_password_hashing_md5":
			md5 = append(md5, fmt.Sprintf("user %q is hashed with MD5", name))
		}
	}
	var fs []Finding
	if len(unknown) > 0 {
		fs = append(fs, Finding{Code: CodeBGPasswordHashing, Severity: Blocker,
			Title: fmt.Sprintf("%d user(s) hashed by a module RabbitMQ %s does not ship: they would be imported and never log in", len(unknown), green),
			Evidence: append([]string{"RabbitMQ ships rabbit_password_hashing_md5, _sha256 and _sha512 (rabbit_common at every tag 3.8.9–4.3.5); " +
				"the importer accepts any module name, the login then fails"}, capEvidence(unknown)...),
			Remedy: "install the plugin that provides the module on green before the import, or reset these users' passwords on blue (rabbitmqctl change_password) so they are hashed with a shipped module",
			Doc:    "https://www.rabbitmq.com/docs/passwords"})
	}
	if len(missing) > 0 {
		fs = append(fs, Finding{Code: CodeBGPasswordHashing, Severity: Warning,
			Title: fmt.Sprintf("%d user(s) without a hashing algorithm in blue's export", len(missing)),
			Evidence: append([]string{"green then picks the algorithm from the export's rabbit_version (MD5 before 3.6.1) or its own password_hashing_module; " +
				"if that is not the module that made the hash, the user cannot log in"}, capEvidence(missing)...),
			Remedy: "log in as each user on green after the import, or reset their passwords"})
	}
	if len(md5) > 0 {
		fs = append(fs, Finding{Code: CodeBGPasswordHashing, Severity: Info,
			Title:    fmt.Sprintf("%d user(s) still hashed with MD5 (pre-3.6); green %s verifies them", len(md5), green),
			Evidence: capEvidence(md5), Remedy: "reset their passwords after the move to rehash them with green's module"})
	}
	return fs
}

// CQv1ArgumentKeys are the classic-queue-v1 arguments a queue was declared
// with: x-queue-mode (any value) and x-queue-version=1.
func CQv1ArgumentKeys(args map[string]any) []string {
	var out []string
	if _, ok := args["x-queue-mode"]; ok {
		out = append(out, "x-queue-mode")
	}
	if v, ok := args["x-queue-version"]; ok && fmt.Sprint(v) == "1" {
		out = append(out, "x-queue-version")
	}
	return out
}

// cqv1Gone is the version whose storage has no CQv1 left: 4.0 accepts
// x-queue-version=1 but stores the queue as v2 (release-notes/4.0.1.md,
// "CQv1 Storage Implementation was Removed"; check_queue_version still
// accepts 1 at v4.0.5); x-queue-mode has done nothing since 3.12
// (release-notes/3.12.0.md: "lazy and non-lazy modes no longer apply").
var cqv1Gone = V(4, 0, 0)

// QueueArgumentFindings checks blue's queues declared with CQv1 arguments
// against green: from 4.3 the import would refuse them, so the transform
// drops the arguments (a warning: the applications that declare these
// queues must stop sending them, or their declarations fail on green);
// before, green accepts them and they do nothing (information).
func QueueArgumentFindings(d Definitions, green Version) []Finding {
	var ev []string
	for _, q := range d.objects("queues") {
		name, _ := q["name"].(string)
		args, _ := q["arguments"].(map[string]any)
		if keys := CQv1ArgumentKeys(args); len(keys) > 0 && !IsCanaryQueue(name) {
			ev = append(ev, fmt.Sprintf("%s declared with %s", ObjectKey("queues", q), argList(args, keys)))
		}
	}
	if len(ev) == 0 {
		return nil
	}
	sort.Strings(ev)
	if green.AtLeast(CQv1ArgumentsRefusedSince) {
		return []Finding{{Code: CodeBGQueueArguments, Severity: Warning,
			Title: fmt.Sprintf("%d queue(s) declared with CQv1 arguments RabbitMQ %s refuses: imported without them", len(ev), green),
			Evidence: append([]string{"4.3 fails every declaration with x-queue-mode (any value) or x-queue-version=1 (release-notes/4.3.0.md); " +
				"the transform drops them, so green's queue is a CQv2 classic queue"}, capEvidence(ev)...),
			Remedy: "change the applications to stop sending x-queue-mode and x-queue-version=1 before they move to green: their own declarations would fail there",
			Doc:    "https://www.rabbitmq.com/docs/queues#optional-arguments"}}
	}
	if green.Less(cqv1Gone) {
		return nil
	}
	return []Finding{{Code: CodeBGQueueArguments, Severity: Info,
		Title: fmt.Sprintf("%d queue(s) declared with CQv1 arguments: RabbitMQ %s accepts them and they do nothing", len(ev), green),
		Evidence: append([]string{"CQv1 storage is gone in 4.0 (release-notes/4.0.1.md) and lazy mode since 3.12 (release-notes/3.12.0.md); " +
			"4.3 will refuse these declarations (release-notes/4.3.0.md)"}, capEvidence(ev)...),
		Remedy: "nothing for this move; stop sending these arguments before any move to 4.3"}}
}

func argList(args map[string]any, keys []string) string {
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%v", k, args[k]))
	}
	return strings.Join(parts, ", ")
}

// transformQueueArguments drops the CQv1 arguments green refuses (4.3+).
func transformQueueArguments(d Definitions, green Version) []DefinitionChange {
	if green.Less(CQv1ArgumentsRefusedSince) {
		return nil
	}
	var changes []DefinitionChange
	var queues []map[string]any
	for _, q := range d.objects("queues") {
		args, _ := q["arguments"].(map[string]any)
		keys := CQv1ArgumentKeys(args)
		if len(keys) == 0 {
			queues = append(queues, q)
			continue
		}
		nq := without(q, nil)
		nq["arguments"] = without(args, keys)
		queues = append(queues, nq)
		changes = append(changes, DefinitionChange{Object: ObjectKey("queues", q), Kind: "queues", Dropped: keys,
			Why: "RabbitMQ " + green.String() + " refuses to declare queues with them (CQv1 removed)"})
	}
	d.setObjects("queues", queues)
	return changes
}
