import Testing
@testable import Sparring
