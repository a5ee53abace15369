#include "support/browser.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace actlab::testing {
namespace {

constexpr int kAnswerTimeoutMs = 60000;

std::string DecodeBase64(const std::string& text) {
  std::string out;
  std::uint32_t group = 0;
  int bits = 0;
  for (const char c : text) {
    int value;
    if (c >= 'A' && c <= 'Z') {
      value = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      value = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      value = c - '0' + 52;
    } else if (c == '+') {
      value = 62;
    } else if (c == '/') {
      value = 63;
    } else {
      continue;  // padding
    }
    group = (group << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((group >> bits) & 0xff);
    }
  }
  return out;
}

}  // namespace

Browser::Browser(const std::filesystem::path& profile, bool scripts, int width, int height) {
  int commands[2], answers[2];
  if (pipe(commands) || pipe(answers)) throw std::runtime_error("Browser: pipe failed");
  const std::vector<std::string> args = {
      "chromium",
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      "--remote-debugging-pipe",
      "--user-data-dir=" + profile.string(),
      "--window-size=" + std::to_string(width) + "," + std::to_string(height)};
  std::vector<std::string> copies = args;
  std::vector<char*> argv;
  for (std::string& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("Browser: fork failed");
  if (pid_ == 0) {
    const int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    // fd 3 and 4 may be among the pipe's own descriptors: move them out of the way first.
    const int read_end = fcntl(commands[0], F_DUPFD, 10);
    const int write_end = fcntl(answers[1], F_DUPFD, 10);
    dup2(read_end, 3);
    dup2(write_end, 4);
    for (int fd = 5; fd < 1024; ++fd) close(fd);
    execvp("chromium", argv.data());
    _exit(127);
  }
  close(commands[0]);
  close(answers[1]);
  to_browser_ = commands[1];
  from_browser_ = answers[0];
  signal(SIGPIPE, SIG_IGN);  // a browser that died shows as a failed write, not a killed test

  const nlohmann::json target = Call("Target.createTarget", {{"url", "about:blank"}}, false);
  const nlohmann::json attached = Call(
      "Target.attachToTarget", {{"targetId", target.at("targetId")}, {"flatten", true}}, false);
  session_ = attached.at("sessionId").get<std::string>();
  Call("Page.enable");
  Call("Emulation.setDeviceMetricsOverride",
       {{"width", width}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", false}});
  if (!scripts) Call("Emulation.setScriptExecutionDisabled", {{"value", true}});
}

Browser::~Browser() {
  if (pid_ > 0) {
    try {
      Call("Browser.close", {}, false);
    } catch (const std::exception&) {
      // already gone: killed below
    }
    for (int i = 0; i < 50; ++i) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  if (to_browser_ >= 0) close(to_browser_);
  if (from_browser_ >= 0) close(from_browser_);
}

nlohmann::json Browser::Call(const std::string& method, const nlohmann::json& params,
                             bool in_page) {
  const int id = next_id_++;
  nlohmann::json message = {{"id", id}, {"method", method}};
  message["params"] = params.is_null() ? nlohmann::json::object() : params;
  if (in_page) message["sessionId"] = session_;
  const std::string bytes = message.dump() + std::string(1, '\0');
  for (std::size_t sent = 0; sent < bytes.size();) {
    const ssize_t n = write(to_browser_, bytes.data() + sent, bytes.size() - sent);
    if (n <= 0) throw std::runtime_error("Browser: chromium is not reading (" + method + ")");
    sent += static_cast<std::size_t>(n);
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kAnswerTimeoutMs);
  for (;;) {
    const std::size_t end = pending_.find('\0');
    if (end != std::string::npos) {
      const nlohmann::json answer = nlohmann::json::parse(pending_.substr(0, end));
      pending_.erase(0, end + 1);
      if (!answer.contains("id") || answer["id"] != id) continue;  // an event or another answer
      if (answer.contains("error")) {
        throw std::runtime_error("Browser: " + method + " failed: " + answer["error"].dump());
      }
      return answer.value("result", nlohmann::json::object());
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    pollfd fd{from_browser_, POLLIN, 0};
    if (left <= 0 || poll(&fd, 1, static_cast<int>(left)) <= 0) {
      throw std::runtime_error("Browser: no answer to " + method);
    }
    char buffer[65536];
    const ssize_t n = read(from_browser_, buffer, sizeof buffer);
    if (n <= 0) throw std::runtime_error("Browser: chromium closed the pipe (" + method + ")");
    pending_.append(buffer, static_cast<std::size_t>(n));
  }
}

void Browser::Open(const std::string& url) {
  Call("Page.navigate", {{"url", url}});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (Evaluate("document.readyState") != "complete") {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("Browser: " + url + " did not finish loading");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

nlohmann::json Browser::Evaluate(const std::string& expression) {
  const nlohmann::json result =
      Call("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}});
  if (result.contains("exceptionDetails")) {
    throw std::runtime_error("Browser: '" + expression +
                             "' threw: " + result["exceptionDetails"].dump());
  }
  return result.at("result").value("value", nlohmann::json());
}

void Browser::MoveMouse(double x, double y) {
  Call("Input.dispatchMouseEvent", {{"type", "mouseMoved"}, {"x", x}, {"y", y}});
}

void Browser::Click(double x, double y) {
  MoveMouse(x, y);
  for (const char* type : {"mousePressed", "mouseReleased"}) {
    Call("Input.dispatchMouseEvent",
         {{"type", type}, {"x", x}, {"y", y}, {"button", "left"}, {"clickCount", 1}});
  }
}

void Browser::PressKey(const std::string& key, int key_code) {
  for (const char* type : {"rawKeyDown", "keyUp"}) {
    Call("Input.dispatchKeyEvent", {{"type", type},
                                    {"key", key},
                                    {"code", key},
                                    {"windowsVirtualKeyCode", key_code},
                                    {"nativeVirtualKeyCode", key_code}});
  }
}

std::pair<double, double> Browser::Centre(const std::string& selector) {
  const nlohmann::json quoted = selector;
  const nlohmann::json centre = Evaluate(
      "(function () { var e = document.querySelector(" + quoted.dump() +
      "); if (!e) return null; e.scrollIntoView({block: 'center'}); var r = "
      "e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()");
  if (!centre.is_array()) throw std::runtime_error("Browser: no element matches " + selector);
  return {centre[0].get<double>(), centre[1].get<double>()};
}

std::string Browser::Screenshot(bool full_page) {
  nlohmann::json params = {{"format", "png"}};
  if (full_page) {
    const nlohmann::json metrics = Call("Page.getLayoutMetrics");
    const nlohmann::json& size = metrics.at("cssContentSize");
    params["captureBeyondViewport"] = true;
    params["clip"] = {{"x", 0},
                      {"y", 0},
                      {"width", size.at("width")},
                      {"height", size.at("height")},
                      {"scale", 0.5}};
  }
  return DecodeBase64(Call("Page.captureScreenshot", params).at("data").get<std::string>());
}

}  // namespace actlab::testing
