package confmig

import (
	"github.com/warren-sre/warren/erlterm"
)

// legacyRules translate settings that no schema maps any more: the
// lager-era logging of RabbitMQ before 3.9. On 3.9+ they do nothing in
// advanced.config, so keeping them there would silently lose the
// operator's intent; the log.* keys of the target say the same thing.
var legacyRules map[string]inverse

func init() {
	legacyRules = map[string]inverse{
		"rabbit.log_levels": lagerLogLevels,
		"lager.log_root":    lagerLogRoot,
	}
}

// legacyNotes tell the operator what a legacy translation did.
var legacyNotes = map[string]string{
	"rabbit.log_levels": "lager-era log_levels (RabbitMQ before 3.9) written as the target's log.<category>.level keys: " +
		"from 3.9 on log_levels does nothing, in rabbitmq.config or advanced.config alike",
	"lager.log_root": "lager's log_root written as log.dir: from 3.9 on lager settings do nothing",
}

const lagerIgnored = "lager was replaced by Erlang Logger in 3.9: this lager setting is ignored from 3.9 on " +
	"(log levels, files and rotation are log.* keys; see the report)"

// lagerLogLevels: {log_levels, [{connection, info}]} → log.connection.level = info,
// through the target schema's own rabbit.log.categories.CATEGORY.level mapping.
func lagerLogLevels(r *schemaRules, _ string, v erlterm.Term) ([]line, error) {
	pairs, err := proplist(v)
	if err != nil {
		return nil, err
	}
	var lines []line
	for _, p := range pairs {
		category := atomName(p[0])
		got, err := r.convert("rabbit.log.categories."+category+".level", p[1])
		if err != nil {
			return nil, noForm("log_levels: RabbitMQ %s has no log.%s.level key (%v)", r.idx.Version, category, err)
		}
		lines = append(lines, got...)
	}
	return lines, nil
}

// lagerLogRoot: {lager, [{log_root, Dir}]} is log.dir (rabbit.log_root).
func lagerLogRoot(r *schemaRules, _ string, v erlterm.Term) ([]line, error) {
	return r.convert("rabbit.log_root", v)
}
