// actlab list: the catalogue as a table, or as JSON for machines.
#include <nlohmann/json.hpp>

#include "commands.h"

namespace actlab::cli {
namespace {

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
      ranges[std::string(p.name)] = {{"min", FormatShortest(p.min)}, {"max", FormatShortest(p.max)},
                                     {"min_open", p.min_open},       {"max_open", p.max_open},
                                     {"description", p.description}, {"learnable", p.learnable}};
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

void SetupList(CLI::App& program) {
  struct Options {
    std::string format = "text";
    std::string out;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = program.add_subcommand("list", "Show the catalogue of activations");
  command->footer("Example: actlab list --format json");
  AddFormatOption(command, &options->format);
  AddOutOption(command, &options->out);
  command->callback([options] {
    const Format format = ParseFormat(options->format);
    if (format == Format::kJson) {
      nlohmann::ordered_json all = nlohmann::ordered_json::array();
      for (const Info& info : Catalogue()) all.push_back(ToJson(info));
      Emit(options->out, all.dump(2) + "\n");
      return;
    }
    Table table({"name", "aliases", "parameters", "f(x)", "init"});
    for (const Info& info : Catalogue()) {
      std::string aliases;
      for (std::string_view alias : info.aliases)
        aliases += (aliases.empty() ? "" : ",") + std::string(alias);
      table.AddRow({std::string(info.name), aliases.empty() ? "-" : aliases, ParameterText(info),
                    std::string(info.formula), std::string(ToString(info.init))});
    }
    Emit(options->out, Render(table, format));
  });
}

}  // namespace

ACTLAB_COMMAND(10, SetupList);

}  // namespace actlab::cli
