// Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON
// messages ended by a NUL byte, commands on the child's fd 3, answers and events on its fd 4), for
// the browser tests: load a page, run JavaScript in it, and send real mouse and key events.
#ifndef ACTLAB_TESTS_SUPPORT_BROWSER_H_
#define ACTLAB_TESTS_SUPPORT_BROWSER_H_

#include <sys/types.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace actlab::testing {

class Browser {
 public:
  // Starts chromium with a fresh profile in `profile` and opens one page (tab). `scripts` false
  // loads pages with JavaScript disabled (Runtime.evaluate still works). Throws std::runtime_error
  // when chromium cannot be started or does not answer.
  explicit Browser(const std::filesystem::path& profile, bool scripts = true, int width = 1280,
                   int height = 1000);
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;
  ~Browser();

  // Loads `url` and waits until the document has loaded.
  void Open(const std::string& url);
  // Evaluates `expression` in the page and returns its value (by value: JSON-serialisable).
  nlohmann::json Evaluate(const std::string& expression);
  // Real input events at page coordinates (CSS pixels).
  void MoveMouse(double x, double y);
  void Click(double x, double y);
  void PressKey(const std::string& key, int key_code);  // e.g. ("ArrowRight", 39)
  // The centre of the first element matching a CSS selector, after scrolling it into view.
  std::pair<double, double> Centre(const std::string& selector);
  // A PNG of the viewport at 100 %, or of the whole page at 50 % when `full_page`.
  std::string Screenshot(bool full_page);

 private:
  nlohmann::json Call(const std::string& method, const nlohmann::json& params = {},
                      bool in_page = true);
  pid_t pid_ = -1;
  int to_browser_ = -1, from_browser_ = -1;
  std::string pending_;
  std::string session_;
  int next_id_ = 1;
};

}  // namespace actlab::testing

#endif  // ACTLAB_TESTS_SUPPORT_BROWSER_H_
