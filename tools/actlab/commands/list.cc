// actlab list: the catalogue as a table, one entry in full, or JSON for machines.
#include <nlohmann/json.hpp>

#include "commands.h"

namespace actlab::cli {
namespace {

constexpr std::size_t kListWidth = 100;  // columns of the text forms

std::string ParameterText(const Info& info) {
  std::string text;
  for (const ParamSpec& p : info.params) {
    if (!text.empty()) text += ",";
    text += std::string(p.name) + "=";
    text += p.choices.empty() ? FormatShortest(p.default_value)
                              : std::string(p.choices[static_cast<std::size_t>(p.default_value)]);
  }
  return text.empty() ? "-" : text;
}

nlohmann::ordered_json ToJson(const Info& info) {
  nlohmann::ordered_json entry;
  entry["name"] = info.name;
  entry["aliases"] = std::vector<std::string>(info.aliases.begin(), info.aliases.end());
  nlohmann::ordered_json params = nlohmann::ordered_json::object();
  nlohmann::ordered_json ranges = nlohmann::ordered_json::object();
  for (const ParamSpec& p : info.params) {
    if (p.choices.empty()) {
      params[std::string(p.name)] = p.default_value;
      // Parameter bounds are finite numbers (the catalogue's rule; a test checks it).
      ranges[std::string(p.name)] = {{"min", p.min},
                                     {"max", p.max},
                                     {"min_open", p.min_open},
                                     {"max_open", p.max_open},
                                     {"description", p.description},
                                     {"learnable", p.learnable}};
    } else {
      params[std::string(p.name)] = p.choices[static_cast<std::size_t>(p.default_value)];
      ranges[std::string(p.name)] = {
          {"choices", std::vector<std::string>(p.choices.begin(), p.choices.end())},
          {"description", p.description}};
    }
  }
  entry["parameters"] = params;
  entry["parameter_ranges"] = ranges;
  entry["formula"] = info.formula;
  entry["derivative"] = info.derivative;
  entry["source"] = info.source;
  entry["init"] = ToString(info.init);
  entry["accuracy_ulp"] = {{"f32_forward", info.accuracy.f32_forward},
                           {"f32_backward", info.accuracy.f32_backward},
                           {"f64_forward", info.accuracy.f64_forward},
                           {"f64_backward", info.accuracy.f64_backward}};
  return entry;
}

std::string Aliases(const Info& info) {
  std::string aliases;
  for (std::string_view alias : info.aliases)
    aliases += (aliases.empty() ? "" : ",") + std::string(alias);
  return aliases.empty() ? "-" : aliases;
}

// `text` broken at spaces into lines of at most `width` columns, every line after the first
// indented by `indent` spaces (a word longer than a line stays whole).
std::string Wrap(std::string_view text, std::size_t indent, std::size_t width) {
  std::string out, line;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
      out += line + "\n" + std::string(indent, ' ');
      line.clear();
    }
    line += (line.empty() ? "" : " ") + std::string(word);
    start = end + 1;
  }
  return out + line;
}

// Everything the catalogue says of one entry, one field per line, within kListWidth columns.
std::string Details(const Info& info) {
  constexpr std::size_t kIndent = 14;
  std::string text;
  const auto field = [&](std::string_view name, std::string_view value) {
    std::string head(name);
    head.resize(kIndent, ' ');
    text += head + Wrap(value, kIndent, kListWidth) + "\n";
  };
  field("name", info.name);
  field("aliases", Aliases(info));
  field("f(x)", info.formula);
  field("f'(x)", info.derivative);
  for (const ParamSpec& p : info.params) {
    std::string value = std::string(p.description) + "; default ";
    if (p.choices.empty()) {
      value += FormatShortest(p.default_value) + ", allowed " +
               NumberRange{p.min, p.max, p.min_open, p.max_open}.Text();
    } else {
      value += std::string(p.choices[static_cast<std::size_t>(p.default_value)]) + ", one of";
      for (std::string_view choice : p.choices) value += " " + std::string(choice);
    }
    field(std::string(p.name), value);
  }
  field("init", ToString(info.init));
  field("source", info.source);
  field("error (ULP)", "float32 forward " + FormatShortest(info.accuracy.f32_forward) +
                           ", backward " + FormatShortest(info.accuracy.f32_backward) +
                           "; float64 forward " + FormatShortest(info.accuracy.f64_forward) +
                           ", backward " + FormatShortest(info.accuracy.f64_backward));
  if (!info.pytorch.empty()) field("pytorch", "torch.nn." + std::string(info.pytorch));
  return text;
}

void SetupList(CLI::App& program) {
  struct Options {
    std::string format = "text";
    std::string out;
    std::string name;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = program.add_subcommand("list", "Show the catalogue of activations");
  command->footer(
      "Examples: actlab list            (one line per activation)\n"
      "          actlab list elu        (formulas, parameters, bounds of one)\n"
      "          actlab list --format json");
  command->add_option("name", options->name, "An activation's name or alias: show it in full");
  AddFormatOption(command, &options->format);
  AddOutOption(command, &options->out);
  command->callback([options] {
    const Format format = ParseFormat(options->format);
    if (!options->name.empty()) {
      const Info& info = InfoOf(KindFromName(options->name));
      if (format == Format::kJson) {
        Emit(options->out, ToJson(info).dump(2) + "\n");
      } else if (format == Format::kText) {
        Emit(options->out, Details(info));
      } else {
        throw std::invalid_argument(
            "list NAME: --format csv is not available for one entry; "
            "allowed: text, json");
      }
      return;
    }
    if (format == Format::kJson) {
      nlohmann::ordered_json all = nlohmann::ordered_json::array();
      for (const Info& info : Catalogue()) all.push_back(ToJson(info));
      Emit(options->out, all.dump(2) + "\n");
      return;
    }
    // The text form fits kListWidth columns; formulas are in `list NAME` and the JSON and CSV
    // forms.
    std::vector<std::string> columns = {"name", "aliases", "parameters", "init"};
    if (format == Format::kCsv) columns.insert(columns.begin() + 3, "f(x)");
    Table table(columns);
    for (const Info& info : Catalogue()) {
      std::vector<Table::Cell> row = {std::string(info.name), Aliases(info), ParameterText(info),
                                      std::string(ToString(info.init))};
      if (format == Format::kCsv) row.insert(row.begin() + 3, std::string(info.formula));
      table.AddRow(std::move(row));
    }
    Emit(options->out, Render(table, format));
  });
}

}  // namespace

ACTLAB_COMMAND(10, SetupList);

}  // namespace actlab::cli
