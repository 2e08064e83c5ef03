#pragma once

// A GET over HTTPS as the kiosks' client makes it (libcurl): the hub's self-signed certificate trusted by
// its pin alone. For the tests that run kiosk-hub itself.

#include <curl/curl.h>
#include <fmt/format.h>
#include <memory>
#include <string>
#include <vector>

namespace checkin::sync {

struct EasyHandleDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct HeaderListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

inline std::size_t keep_body(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

struct PinnedAnswer {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string body;
};

// GET `path` over HTTPS with the token.
inline PinnedAnswer pinned_get(int port, const std::string& path, const std::string& token,
                               const std::string& pin) {
    PinnedAnswer answer;
    std::unique_ptr<CURL, EasyHandleDeleter> handle(curl_easy_init());
    const std::string url = fmt::format("https://127.0.0.1:{}{}", port, path);
    const std::string authorization = "Authorization: Bearer " + token;
    std::unique_ptr<curl_slist, HeaderListDeleter> headers(curl_slist_append(nullptr, authorization.c_str()));
    curl_easy_setopt(handle.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(handle.get(), CURLOPT_PINNEDPUBLICKEY, pin.c_str());
    curl_easy_setopt(handle.get(), CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(handle.get(), CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(handle.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle.get(), CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(handle.get(), CURLOPT_WRITEFUNCTION, &keep_body);
    curl_easy_setopt(handle.get(), CURLOPT_WRITEDATA, &answer.body);
    answer.code = curl_easy_perform(handle.get());
    curl_easy_getinfo(handle.get(), CURLINFO_RESPONSE_CODE, &answer.status);
    return answer;
}

// Any request over HTTPS with these header lines ("Name: value") and body, the pin alone trusted.
inline PinnedAnswer pinned_request(int port, const std::string& method, const std::string& path,
                                   const std::vector<std::string>& header_lines, const std::string& body,
                                   const std::string& pin) {
    PinnedAnswer answer;
    std::unique_ptr<CURL, EasyHandleDeleter> handle(curl_easy_init());
    const std::string url = fmt::format("https://127.0.0.1:{}{}", port, path);
    curl_slist* list = nullptr;
    for (const auto& line : header_lines) {
        list = curl_slist_append(list, line.c_str());
    }
    std::unique_ptr<curl_slist, HeaderListDeleter> headers(list);
    curl_easy_setopt(handle.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(handle.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method == "POST") {
        curl_easy_setopt(handle.get(), CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(handle.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    curl_easy_setopt(handle.get(), CURLOPT_PINNEDPUBLICKEY, pin.c_str());
    curl_easy_setopt(handle.get(), CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(handle.get(), CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(handle.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle.get(), CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(handle.get(), CURLOPT_WRITEFUNCTION, &keep_body);
    curl_easy_setopt(handle.get(), CURLOPT_WRITEDATA, &answer.body);
    answer.code = curl_easy_perform(handle.get());
    curl_easy_getinfo(handle.get(), CURLINFO_RESPONSE_CODE, &answer.status);
    return answer;
}

inline PinnedAnswer pinned_health(int port, const std::string& token, const std::string& pin) {
    return pinned_get(port, "/api/v1/health", token, pin);
}

} // namespace checkin::sync
