#include "base/file_descriptor.hpp"

#include <unistd.h>

namespace checkin::base {

void FileDescriptor::reset(int descriptor) {
    if (m_descriptor >= 0) {
        ::close(m_descriptor);
    }
    m_descriptor = descriptor;
}

} // namespace checkin::base
